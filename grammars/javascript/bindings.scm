; Bindings whose type the syntax states, for the workspace index (server/src/workspace/facts/).
; JavaScript writes no types: only `new C()` initialisers (@init) and `this.x = …` (@attribute).

(variable_declarator
  name: (identifier) @name
  value: (new_expression constructor: [(identifier) (member_expression)] @init)) @variable

(assignment_expression
  left: (member_expression object: (this) property: (property_identifier) @name)
  right: (_) @value) @attribute
