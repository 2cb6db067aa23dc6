; Imports of TypeScript / JavaScript: @import is the statement, @source the module specifier,
; @local each name the import binds in this file.

(import_statement source: (string (string_fragment) @source)) @import
(import_statement (import_clause (identifier) @local)) @import
(import_statement (import_clause (namespace_import (identifier) @local))) @import
(import_statement (import_clause (named_imports (import_specifier alias: (identifier) @local)))) @import
(import_statement (import_clause (named_imports (import_specifier !alias name: (identifier) @local)))) @import

; const x = require('m') and const {a, b} = require('m')
(lexical_declaration
  (variable_declarator
    name: (identifier) @local
    value: (call_expression
      function: (identifier) @_require (#eq? @_require "require")
      arguments: (arguments (string (string_fragment) @source))))) @import
(lexical_declaration
  (variable_declarator
    name: (object_pattern (shorthand_property_identifier_pattern) @local)
    value: (call_expression
      function: (identifier) @_require (#eq? @_require "require")
      arguments: (arguments (string (string_fragment) @source))))) @import

; re-exports: export { a } from 'm'
(export_statement source: (string (string_fragment) @source)) @import
