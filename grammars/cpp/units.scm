; Code units of C++. Each pattern captures the unit node with its kind and its name as @name. A
; function's name sits in its declarator (under `*` or `&` for its return type); a method defined
; outside its class (`int Cart::add(…)`) is named by its last part. A template takes in its
; `template <…>` line (the extractor).

(function_definition
  declarator: (function_declarator
    declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name)) @function
(function_definition
  declarator: (_ (function_declarator
    declarator: [(identifier) (field_identifier) (destructor_name) (operator_name)] @name))) @function
(function_definition
  declarator: (function_declarator
    declarator: (qualified_identifier name: [(identifier) (destructor_name) (operator_name)] @name))) @method
(function_definition
  declarator: (_ (function_declarator
    declarator: (qualified_identifier name: [(identifier) (destructor_name) (operator_name)] @name)))) @method
(function_definition
  declarator: (function_declarator
    declarator: (qualified_identifier name: (qualified_identifier name: (identifier) @name)))) @method

; prototypes: in a class (methods), in a header (functions)
(field_declaration declarator: (function_declarator declarator: (field_identifier) @name)) @method
(declaration declarator: (function_declarator declarator: [(identifier) (destructor_name)] @name)) @function
(declaration declarator: (_ (function_declarator declarator: (identifier) @name))) @function

(class_specifier name: (type_identifier) @name body: (field_declaration_list)) @class
(struct_specifier name: (type_identifier) @name body: (field_declaration_list)) @class
(union_specifier name: (type_identifier) @name body: (field_declaration_list)) @class
(enum_specifier name: (type_identifier) @name body: (enumerator_list)) @enum
(namespace_definition name: (_) @name) @namespace
(alias_declaration name: (type_identifier) @name) @type
(type_definition declarator: (type_identifier) @name) @type
(concept_definition name: (identifier) @name) @type
