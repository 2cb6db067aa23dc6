; Imports of Rust: @import is the `use` or `mod` item, @source the path of the module (or item) it
; names, @local each name it binds. `use crate::money::{a, b}` names the module `crate::money`;
; `mod tax;` names the child module `tax`.

(use_declaration argument: (identifier) @source @local) @import
(use_declaration argument: (scoped_identifier name: (identifier) @local) @source) @import
(use_declaration argument: (use_as_clause path: (_) @source alias: (identifier) @local)) @import
(use_declaration argument: (scoped_use_list path: (_) @source list: (use_list (identifier) @local))) @import
(use_declaration
  argument: (scoped_use_list
    path: (_) @source
    list: (use_list (scoped_identifier name: (identifier) @local)))) @import
(use_declaration
  argument: (scoped_use_list
    path: (_) @source
    list: (use_list (use_as_clause alias: (identifier) @local)))) @import
(mod_item !body name: (identifier) @source @local) @import
