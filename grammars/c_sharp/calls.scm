; Calls in C#: @call is the call, @callee the method or type, @qualifier the type or variable it is
; called on (`Money.Format(…)`).

(invocation_expression function: (identifier) @callee) @call
(invocation_expression
  function: (member_access_expression expression: (identifier) @qualifier name: (identifier) @callee)) @call
(invocation_expression function: (member_access_expression name: (identifier) @callee)) @call
(invocation_expression
  function: (member_access_expression expression: (identifier) @qualifier name: (generic_name (identifier) @callee))) @call
(invocation_expression function: (generic_name (identifier) @callee)) @call
(object_creation_expression type: (identifier) @callee) @call
