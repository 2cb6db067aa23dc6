; Code units of Rust. Each pattern captures the unit node with its kind and its name as @name. A
; function inside an impl or trait block is a method (the extractor decides, as for Python). An impl
; block is named by the type it implements for, so `impl Line` holds the methods of `Line`.

(function_item name: (identifier) @name) @function
(function_signature_item name: (identifier) @name) @function
(struct_item name: (type_identifier) @name) @class
(union_item name: (type_identifier) @name) @class
(enum_item name: (type_identifier) @name) @enum
(trait_item name: (type_identifier) @name) @interface
(impl_item type: (_) @name) @class
(mod_item name: (identifier) @name body: (declaration_list)) @namespace
(type_item name: (type_identifier) @name) @type
(macro_definition name: (identifier) @name) @function
