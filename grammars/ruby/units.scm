; Code units of Ruby. Each pattern captures the unit node with its kind and its name as @name. A `def`
; directly in a class is a method (the extractor decides); `def self.x` too.

(method name: (_) @name) @function
(singleton_method name: (_) @name) @function
(class name: (_) @name) @class
(module name: (_) @name) @namespace
