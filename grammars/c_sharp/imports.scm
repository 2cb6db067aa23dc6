; Usings of C#: @import is the directive, @source the namespace (or, `using static`, the type) it
; names, @local the alias it binds (`using M = Shop.Money;`). A namespace binds no name of its own.

(using_directive !name . [(identifier) (qualified_name)] @source) @import
(using_directive name: (identifier) @local [(identifier) (qualified_name)] @source) @import
