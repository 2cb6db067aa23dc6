; Calls in C: @call is the call, @callee the function (or the member holding a function pointer).

(call_expression function: (identifier) @callee) @call
(call_expression function: (field_expression field: (field_identifier) @callee)) @call
