; Imports of Java: @import is the declaration, @source the qualified name it imports, @local the
; simple name it binds (`import com.shop.money.Money;` binds `Money`; a static import binds the member).
; `import java.util.*;` binds no name of its own.

(import_declaration (scoped_identifier name: (identifier) @local) @source) @import
(import_declaration (scoped_identifier) @source (asterisk)) @import
