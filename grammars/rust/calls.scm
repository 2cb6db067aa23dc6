; Calls in Rust: @call is the call, @callee the name that is called, @qualifier the path it is called
; through (`money::format_cents`, `Line::new`).

(call_expression function: (identifier) @callee) @call
(call_expression function: (scoped_identifier path: (_) @qualifier name: (identifier) @callee)) @call
(call_expression function: (field_expression field: (field_identifier) @callee)) @call
(call_expression
  function: (generic_function function: (scoped_identifier path: (_) @qualifier name: (identifier) @callee))) @call
(macro_invocation macro: (identifier) @callee) @call
