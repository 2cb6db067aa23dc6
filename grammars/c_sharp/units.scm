; Code units of C#. Each pattern captures the unit node with its kind and its name as @name.
; Attributes sit inside the declaration; XML doc comments (`///`) right above it.

(class_declaration name: (identifier) @name) @class
(struct_declaration name: (identifier) @name) @class
(record_declaration name: (identifier) @name) @class
(interface_declaration name: (identifier) @name) @interface
(enum_declaration name: (identifier) @name) @enum
(method_declaration name: (identifier) @name) @method
(constructor_declaration name: (identifier) @name) @method
(destructor_declaration name: (identifier) @name) @method
(local_function_statement name: (identifier) @name) @function
(delegate_declaration name: (identifier) @name) @type
(namespace_declaration name: (_) @name) @namespace
