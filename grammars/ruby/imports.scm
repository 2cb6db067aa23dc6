; Requires of Ruby: @import is the call, @source the feature it loads. A require binds no name, so
; every required file of the project may define what is called.

(call
  method: (identifier) @_require (#match? @_require "^require(_relative)?$")
  arguments: (argument_list . (string (string_content) @source))) @import
