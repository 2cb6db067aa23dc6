; Calls in Python: @call is the call, @callee the name that is called.

(call function: (identifier) @callee) @call
(call function: (attribute attribute: (identifier) @callee)) @call
