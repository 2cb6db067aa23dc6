; Code units of Python. Each pattern captures the unit node with its kind (@function, @class) and its
; name as @name. A function directly inside a class body is reported as a method by the extractor;
; decorators are folded into the unit's range there too (the parent decorated_definition).

(function_definition name: (identifier) @name) @function
(class_definition name: (identifier) @name) @class

; a lambda bound to a name: f = lambda x: …
(expression_statement
  (assignment left: (identifier) @name right: (lambda))) @function
