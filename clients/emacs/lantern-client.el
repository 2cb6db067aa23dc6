;;; lantern-client.el --- Lantern's requests through eglot or lsp-mode -*- lexical-binding: t; -*-

;;; Commentary:

;; How lantern.el's commands reach the server: through the eglot connection of the buffer, or the
;; lsp-mode workspace of the `lantern' client.  Results are plists (eglot) or hash tables
;; (lsp-mode); `lantern--get' reads both.  Part of lantern.el; load that.

;;; Code:

(require 'cl-lib)
(require 'subr-x)

(declare-function eglot-current-server "eglot")
(declare-function eglot--TextDocumentPositionParams "eglot")
(declare-function eglot--pos-to-lsp-position "eglot")
(declare-function eglot--apply-workspace-edit "eglot")
(declare-function eglot-execute-command "eglot")
(declare-function eglot-execute "eglot")
(declare-function eglot--signal-textDocument/didChange "eglot")
(declare-function jsonrpc-async-request "jsonrpc")
(declare-function jsonrpc-request "jsonrpc")

(defvar lsp--cur-workspace)
(declare-function lsp-find-workspace "lsp-mode")
(declare-function lsp-request-async "lsp-mode")
(declare-function lsp--text-document-position-params "lsp-mode")
(declare-function lsp--region-to-range "lsp-mode")
(declare-function lsp--apply-workspace-edit "lsp-mode")

(defun lantern--backend ()
  "The client running Lantern in this buffer: `eglot' or `lsp'."
  (cond ((and (fboundp 'eglot-current-server) (eglot-current-server)) 'eglot)
        ((and (bound-and-true-p lsp-mode) (lsp-find-workspace 'lantern (buffer-file-name))) 'lsp)
        (t (user-error "Lantern is not running for this buffer (%s)"
                       "M-x eglot, or lsp with `lantern-lsp-setup'"))))

(defun lantern--get (object key)
  "KEY (a keyword) of OBJECT: a plist (eglot) or a hash table (lsp-mode)."
  (cond ((hash-table-p object) (gethash (substring (symbol-name key) 1) object))
        ((listp object) (plist-get object key))))

(defun lantern--request (method params on-result &optional on-failure)
  "Send METHOD (a string) with PARAMS to Lantern; call ON-RESULT with the result.
A failure or a timeout calls ON-FAILURE with no argument if given,
else is shown as a message."
  (let ((on-error (lambda (error)
                    (if on-failure
                        (funcall on-failure)
                      (message "Lantern: %s" (or (lantern--get error :message) error))))))
    (pcase (lantern--backend)
      ;; eglot sends buffer changes after an idle delay; the server must see them first, or it
      ;; answers for the old text with an edit eglot then refuses as stale.
      ('eglot (eglot--signal-textDocument/didChange)
              (jsonrpc-async-request (eglot-current-server) (intern (concat ":" method)) params
                                     :success-fn on-result
                                     :error-fn on-error
                                     :timeout-fn (lambda ()
                                                   (if on-failure
                                                       (funcall on-failure)
                                                     (message "Lantern: %s timed out" method)))))
      ('lsp (let ((lsp--cur-workspace (lsp-find-workspace 'lantern (buffer-file-name))))
              (lsp-request-async method params on-result
                                 :error-handler on-error :mode 'detached))))))

(defun lantern--execute (command args on-result &optional on-failure)
  "Run Lantern's COMMAND with ARGS (a plist); call ON-RESULT with what it returns.
ON-FAILURE: as for `lantern--request'."
  (lantern--request "workspace/executeCommand"
                    (list :command command :arguments (vector args)) on-result on-failure))

(defun lantern--point-params ()
  "The document and position of point, as the backend computes them.
Columns are UTF-16 code units, as LSP counts them."
  (if (eq (lantern--backend) 'eglot)
      (eglot--TextDocumentPositionParams)
    (lsp--text-document-position-params)))

(defun lantern--region-range ()
  "The active region as an LSP range, or nil."
  (when (use-region-p)
    (if (eq (lantern--backend) 'eglot)
        (list :start (eglot--pos-to-lsp-position (region-beginning))
              :end (eglot--pos-to-lsp-position (region-end)))
      (lsp--region-to-range (region-beginning) (region-end)))))

(defun lantern--apply-edit (edit origin)
  "Apply the workspace EDIT through the backend; ORIGIN is the command asking."
  (cond ((not (eq (lantern--backend) 'eglot)) (lsp--apply-workspace-edit edit))
        ;; eglot 1.9 to 1.15 take (WEDIT &optional CONFIRM), newer ones (WEDIT ORIGIN).
        ((>= (car (func-arity #'eglot--apply-workspace-edit)) 2)
         (eglot--apply-workspace-edit edit origin))
        (t (eglot--apply-workspace-edit edit))))

(defun lantern--eglot-run-action (action)
  "Run code ACTION with eglot: its edit, else resolve it, else its command."
  (let ((server (eglot-current-server)))
    (if (fboundp 'eglot-execute)
        (eglot-execute server action) ; eglot 1.16+: resolves, applies and runs it
      (let ((action (if (or (lantern--get action :edit) (lantern--get action :command))
                        action
                      (jsonrpc-request server :codeAction/resolve action))))
        (when-let ((edit (lantern--get action :edit))) (lantern--apply-edit edit 'lantern-fix))
        (when-let ((command (lantern--get action :command)))
          (eglot-execute-command server (intern (lantern--get command :command))
                                 (lantern--get command :arguments)))))))

(provide 'lantern-client)
;;; lantern-client.el ends here
