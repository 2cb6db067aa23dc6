; Imports of Go: @import is the import declaration (a group counts once), @source each package path,
; @local the name it binds when written (`m "example.com/shop/money"`); otherwise the package's last
; path element (languages.ts).

(import_declaration
  (import_spec path: (interpreted_string_literal (interpreted_string_literal_content) @source))) @import
(import_declaration
  (import_spec_list
    (import_spec path: (interpreted_string_literal (interpreted_string_literal_content) @source)))) @import
(import_declaration
  (import_spec
    name: (package_identifier) @local
    path: (interpreted_string_literal (interpreted_string_literal_content) @source))) @import
(import_declaration
  (import_spec_list
    (import_spec
      name: (package_identifier) @local
      path: (interpreted_string_literal (interpreted_string_literal_content) @source)))) @import
