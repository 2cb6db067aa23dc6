; Calls in Go: @call is the call, @callee the name that is called, @qualifier what it is selected from
; (a package, `money.Round`, or a value, `c.Total`).

(call_expression function: (identifier) @callee) @call
(call_expression function: (selector_expression operand: (identifier) @qualifier field: (field_identifier) @callee)) @call
(call_expression function: (selector_expression operand: (_) field: (field_identifier) @callee)) @call
