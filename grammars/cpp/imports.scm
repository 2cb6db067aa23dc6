; Includes of C++: @import is the directive, @source the file it names. Only `#include "…"` (the
; project's own headers); an include binds no name, so every included file may define what is called.

(preproc_include path: (string_literal (string_content) @source)) @import
