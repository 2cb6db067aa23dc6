; Bindings whose type the syntax states, for the workspace index (server/src/workspace/facts/).
; @parameter / @variable is the binding, @name its name, @type its annotation, @init the callee of the
; call it is assigned (`x = C()`: the resolver checks C is a class). @attribute is `self.x = …` (an
; attribute set in a method), @value what is assigned, @type its annotation if any.

(typed_parameter (identifier) @name type: (type) @type) @parameter
(typed_default_parameter name: (identifier) @name type: (type) @type) @parameter

(assignment left: (identifier) @name type: (type) @type) @variable
(assignment
  left: (identifier) @name
  right: (call function: [(identifier) (attribute)] @init)) @variable

(assignment
  left: (attribute object: (identifier) @_self attribute: (identifier) @name)
  right: (_) @value
  (#eq? @_self "self")) @attribute
(assignment
  left: (attribute object: (identifier) @_self attribute: (identifier) @name)
  type: (type) @type
  (#eq? @_self "self")) @attribute
