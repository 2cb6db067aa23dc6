; Imports of Python: @import is the statement, @source the module, @local each name it binds.

(import_statement name: (dotted_name) @source @local) @import
(import_statement name: (aliased_import name: (dotted_name) @source alias: (identifier) @local)) @import
(import_from_statement module_name: (_) @source) @import
(import_from_statement name: (dotted_name) @local) @import
(import_from_statement name: (aliased_import alias: (identifier) @local)) @import
