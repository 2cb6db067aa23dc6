; Code units of Go. Each pattern captures the unit node with its kind and its name as @name. Methods
; are declared at the top level (`func (c *Cart) Total()`), so they have no enclosing unit; a type
; declaration's unit is its type_spec (the extractor takes in the `type` keyword of a lone spec).

(function_declaration name: (identifier) @name) @function
(method_declaration name: (field_identifier) @name) @method

(type_spec name: (type_identifier) @name type: (struct_type)) @class
(type_spec name: (type_identifier) @name type: (interface_type)) @interface
(type_spec
  name: (type_identifier) @name
  type: [(type_identifier) (qualified_type) (function_type) (map_type) (slice_type) (array_type)
         (pointer_type) (channel_type) (generic_type)]) @type
(type_alias name: (type_identifier) @name) @type

; a function bound to a package-level name: var handler = func(…) { … }
(var_spec name: (identifier) @name value: (expression_list (func_literal))) @function
