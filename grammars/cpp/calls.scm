; Calls in C++: @call is the call, @callee the function, @qualifier the namespace or class it is
; called through (`money::format`), `new T(…)` a call of T's constructor.

(call_expression function: (identifier) @callee) @call
(call_expression function: (qualified_identifier scope: (_) @qualifier name: (identifier) @callee)) @call
(call_expression
  function: (qualified_identifier scope: (_) @qualifier name: (template_function name: (identifier) @callee))) @call
(call_expression function: (field_expression field: (field_identifier) @callee)) @call
(call_expression function: (template_function name: (identifier) @callee)) @call
(new_expression type: (type_identifier) @callee) @call
