; Bindings whose type the syntax states, for the workspace index (server/src/workspace/facts/).
; @parameter / @variable is the binding, @name its name, @type its annotation, @init the callee of a
; `new C()` or a call `f()` it is initialised with (the resolver reads what f declares it returns). @attribute is `this.x = …` (a field set in a method), @value what
; is assigned to it.

(required_parameter pattern: (identifier) @name type: (type_annotation) @type) @parameter
(optional_parameter pattern: (identifier) @name type: (type_annotation) @type) @parameter
(required_parameter
  pattern: (identifier) @name
  value: (new_expression constructor: [(identifier) (member_expression)] @init)) @parameter

(variable_declarator name: (identifier) @name type: (type_annotation) @type) @variable
(variable_declarator
  name: (identifier) @name
  value: (new_expression constructor: [(identifier) (member_expression)] @init)) @variable
; `const m = require('m')` binds a module (an import), not a value.
(variable_declarator
  name: (identifier) @name
  value: (call_expression function: (identifier) @init)
  (#not-eq? @init "require")) @variable

(assignment_expression
  left: (member_expression object: (this) property: (property_identifier) @name)
  right: (_) @value) @attribute
