;;; lantern-eglot.el --- Lantern's eglot server class -*- lexical-binding: t; -*-

;;; Commentary:

;; The eglot server class `lantern-eglot-setup' starts Lantern with.  It tells Lantern that this
;; client asks the user for the instruction of a `lantern.edit' code action (LSP has no request
;; for free text; the server lists "Edit selection with Lantern..." only to clients that say so),
;; and runs that action by asking for it.  Part of lantern.el; load that.

;;; Code:

(require 'cl-lib)
(require 'eglot)
(require 'lantern-client)

(declare-function lantern--edit-action "lantern")

(defclass lantern-eglot-server (eglot-lsp-server) ()
  :documentation "Lantern (alone, or beside a main server through `lantern-ls --beside').")

(cl-defmethod eglot-client-capabilities ((_server lantern-eglot-server))
  "eglot's capabilities, plus that lantern.el asks for edit instructions itself."
  (let ((capabilities (cl-call-next-method)))
    (plist-put capabilities :experimental (list :lantern (list :editPrompt t)))))

;; eglot up to 1.15 runs a code action's command through `eglot-execute-command'.
(cl-defmethod eglot-execute-command
  ((_server lantern-eglot-server) (_command (eql lantern.edit)) arguments)
  "Run \"Edit selection with Lantern...\": ask for its instruction, send it.
ARGUMENTS are the command's: the selection, without an instruction."
  (lantern--edit-action (elt arguments 0)))

(defun lantern--eglot-edit-command (action)
  "The `lantern.edit' command ACTION runs, or nil.
ACTION is a code action, a command or the params of one."
  (let ((command (if (stringp (plist-get action :command)) action (plist-get action :command))))
    (when (equal (plist-get command :command) "lantern.edit") command)))

;; eglot 1.16 and later run every action through `eglot-execute' instead.  Defining a method would
;; make the generic function where eglot has none, and `lantern--eglot-run-action' would take it
;; for eglot's own.
(when (cl-generic-p 'eglot-execute)
  (cl-defmethod eglot-execute ((_server lantern-eglot-server) action)
    "ACTION, with a `lantern.edit' command's instruction asked for first (see above)."
    (if-let ((command (lantern--eglot-edit-command action)))
        (lantern--edit-action (elt (plist-get command :arguments) 0))
      (cl-call-next-method))))

(provide 'lantern-eglot)
;;; lantern-eglot.el ends here
