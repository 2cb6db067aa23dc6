; Code units of TypeScript (also used for TSX). Each pattern captures the unit node with its kind
; (@function, @method, @class, @interface, @enum, @type, @namespace) and its name as @name.

(function_declaration name: (identifier) @name) @function
(generator_function_declaration name: (identifier) @name) @function
(function_signature name: (identifier) @name) @function

; arrow functions and function expressions bound to a name: const f = () => …
(variable_declarator
  name: (identifier) @name
  value: [(arrow_function) (function_expression) (generator_function)]) @function

; a function handed to a wrapper and bound to a name: const Button = forwardRef((props, ref) => …),
; const onSave = useCallback(async () => …), export const map = dual(2, (self, f) => …),
; const Card = React.memo(…), memo(forwardRef(…)). Not `items.map(…)`: a method of a value (lowercase
; object) returns a value, not a function worth a unit. A generator counts: effect's
; Effect.fnUntraced(function*(…) { … }).
(variable_declarator
  name: (identifier) @name
  value: (call_expression
    function: (identifier)
    arguments: (arguments [(arrow_function) (function_expression) (generator_function)]))) @function
(variable_declarator
  name: (identifier) @name
  value: (call_expression
    function: (member_expression object: (identifier) @_namespace)
    arguments: (arguments [(arrow_function) (function_expression) (generator_function)]))
  (#match? @_namespace "^[A-Z]")) @function
(variable_declarator
  name: (identifier) @name
  value: (call_expression
    function: [(identifier) (member_expression)]
    arguments: (arguments
      (call_expression
        function: (identifier)
        arguments: (arguments [(arrow_function) (function_expression) (generator_function)]))))) @function

(class_declaration name: (type_identifier) @name) @class
(abstract_class_declaration name: (type_identifier) @name) @class

(method_definition name: (_) @name) @method
(method_signature name: (_) @name) @method
(abstract_method_signature name: (_) @name) @method
(public_field_definition
  name: (_) @name
  value: [(arrow_function) (function_expression)]) @method

(interface_declaration name: (type_identifier) @name) @interface
(enum_declaration name: (identifier) @name) @enum
(type_alias_declaration name: (type_identifier) @name) @type
(internal_module name: (_) @name) @namespace
(module name: (_) @name) @namespace
