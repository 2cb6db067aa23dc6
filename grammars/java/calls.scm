; Calls in Java: @call is the call, @callee the method or class, @qualifier the name it is called on
; (`Money.format(…)`: a class, or a variable).

(method_invocation !object name: (identifier) @callee) @call
(method_invocation object: (identifier) @qualifier name: (identifier) @callee) @call
(method_invocation object: (_) name: (identifier) @callee) @call
(object_creation_expression type: (type_identifier) @callee) @call
