; Calls in Ruby: @call is the call, @callee the method, @qualifier the constant it is called on
; (`Money.format(…)`). A call without arguments or parentheses reads as a name and is not listed.

(call receiver: (constant) @qualifier method: (identifier) @callee) @call
(call method: (identifier) @callee) @call
