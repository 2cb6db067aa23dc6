; Code units of JavaScript (+JSX). Each pattern captures the unit node with its kind
; (@function, @method, @class) and its name as @name.

(function_declaration name: (identifier) @name) @function
(generator_function_declaration name: (identifier) @name) @function

; arrow functions and function expressions bound to a name: const f = () => …
(variable_declarator
  name: (identifier) @name
  value: [(arrow_function) (function_expression) (generator_function)]) @function

(class_declaration name: (identifier) @name) @class

(method_definition name: (_) @name) @method
(field_definition
  property: (_) @name
  value: [(arrow_function) (function_expression)]) @method
