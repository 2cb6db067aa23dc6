;;; lantern.el --- Lantern (AI language server) for eglot, lsp-mode -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Package-Requires: ((emacs "27.1"))
;; Keywords: languages, tools, convenience

;;; Commentary:

;; Lantern (`lantern-ls') explains code on hover, fixes any diagnostic as a code action ("Fix with
;; Lantern: ..."), generates code and answers questions.  This file registers it with eglot
;; (`lantern-eglot-setup') or lsp-mode (`lantern-lsp-setup') and adds commands that reach what
;; hover and code actions cannot: `lantern-explain', `lantern-fix', `lantern-generate', `lantern-edit',
;; `lantern-ask' and `lantern-status'.
;;
;; eglot runs one server per buffer, so with eglot Lantern starts the language's main server itself
;; (`lantern-ls --beside=CMD', CMD from `lantern-main-servers') and answers for both.  lsp-mode runs
;; Lantern as an add-on beside the language's main server.  See README.md.

;;; Code:

(require 'cl-lib)
(require 'subr-x)
(require 'lantern-client)

(defgroup lantern nil
  "Lantern, an AI language server."
  :group 'tools
  :prefix "lantern-")

(defcustom lantern-server-command '("lantern-ls" "--stdio")
  "How to start the server: the program and its arguments."
  :type '(repeat string))

(defcustom lantern-settings nil
  "Your Lantern settings as a plist, sent as initializationOptions.
The keys are those of server/src/config.ts, e.g. (:hover (:timeoutMs 15000)).
They go over `lantern-default-settings', key by key: (:hover (:explain
\"always\")) brings back an explanation on every hover."
  :type 'plist)

(defconst lantern-default-settings '(:hover (:explain "cached"))
  "What lantern.el asks of the server unless `lantern-settings' says otherwise.
eldoc asks for a hover whenever point rests on a symbol, so explaining
on every hover would send a model request for each function point
passes.  The hover shows an explanation the cache already holds;
`lantern-explain' and the \"Explain ...\" code action ask the model.")

(defun lantern--merge-settings (base over)
  "The plist BASE with OVER's values on top, nested plists merged key by key."
  (let ((merged (copy-sequence base)))
    (cl-loop for (key value) on over by #'cddr
             do (let ((old (plist-get merged key)))
                  (setq merged (plist-put merged key
                                          (if (and (lantern--plist-p old) (lantern--plist-p value))
                                              (lantern--merge-settings old value)
                                            value)))))
    merged))

(defun lantern--plist-p (value)
  "Whether VALUE is a non-empty plist with keyword keys."
  (and (consp value) (keywordp (car value)) (cl-evenp (length value))))

(defun lantern--settings ()
  "The settings sent to the server: `lantern-settings' over the defaults."
  (lantern--merge-settings lantern-default-settings lantern-settings))

(defcustom lantern-major-modes
  '((python-mode . "python") (python-ts-mode . "python")
    (typescript-mode . "typescript") (typescript-ts-mode . "typescript")
    (tsx-ts-mode . "typescriptreact")
    (js-jsx-mode . "javascriptreact") (rjsx-mode . "javascriptreact")
    (js-mode . "javascript") (js2-mode . "javascript") (js-ts-mode . "javascript")
    (go-mode . "go") (go-ts-mode . "go")
    (rust-mode . "rust") (rust-ts-mode . "rust") (rustic-mode . "rust")
    (java-mode . "java") (java-ts-mode . "java")
    (c++-mode . "cpp") (c++-ts-mode . "cpp")
    (c-mode . "c") (c-ts-mode . "c")
    (ruby-mode . "ruby") (ruby-ts-mode . "ruby") (enh-ruby-mode . "ruby")
    (csharp-mode . "csharp") (csharp-ts-mode . "csharp"))
  "Major modes Lantern serves, each with the LSP languageId it sends.
Derived modes come before their parents: eglot takes the first
entry a mode derives from."
  :type '(alist :key-type symbol :value-type string))

(defcustom lantern-main-servers
  '(("python" . "pylsp")
    ("typescript" . "typescript-language-server --stdio")
    ("typescriptreact" . "typescript-language-server --stdio")
    ("javascript" . "typescript-language-server --stdio")
    ("javascriptreact" . "typescript-language-server --stdio"))
  "With eglot: the language's main server to run beside Lantern.
An alist from a languageId (the values of `lantern-major-modes') to
the main server's command line, run through `sh -c' by
`lantern-ls --beside'.  eglot gives a buffer one server, so Lantern
starts this one itself and answers for both.  A missing entry, a nil
command or a command whose program is not found means Lantern alone.
lsp-mode ignores this: it starts the main server itself."
  :type '(alist :key-type string :value-type (choice (const :tag "Lantern alone" nil) string)))

;;;; Registration

(defvar eglot-server-programs)
(defvar lsp-language-id-configuration)
(declare-function lsp-register-client "lsp-mode")
(declare-function make-lsp-client "lsp-mode")
(declare-function lsp-stdio-connection "lsp-mode")
(declare-function lsp-code-actions-at-point "lsp-mode")
(declare-function lsp-execute-code-action "lsp-mode")
(declare-function eglot-code-actions "eglot")
(declare-function eglot-hover-eldoc-function "eglot")
(declare-function eglot--capabilities "eglot")
(declare-function eglot-current-server "eglot")

;;;###autoload
(defun lantern-eglot-setup ()
  "Make Lantern eglot's server for the modes in `lantern-major-modes'.
eglot manages a buffer with one server, so Lantern runs the
language's main server (`lantern-main-servers') beside itself, in
one process; start it with \\[eglot] or `eglot-ensure'."
  (require 'eglot)
  (require 'lantern-eglot)
  (add-hook 'eglot-managed-mode-hook #'lantern--eglot-managed)
  (dolist (entry (reverse lantern-major-modes))
    (let ((language-id (cdr entry)))
      (setq eglot-server-programs
            (cons (cons (list (car entry) :language-id language-id)
                        ;; A function, so the command is chosen when eglot connects: the PATH and
                        ;; `lantern-main-servers' of that moment, not those of the setup call.
                        (lambda (&optional _interactive) (lantern--eglot-contact language-id)))
                  (cl-remove-if (lambda (program) (lantern--eglot-entry-p program (car entry)))
                                eglot-server-programs))))))

(defun lantern--eglot-managed ()
  "In a buffer eglot manages with Lantern, use `lantern-eldoc-hover' for eldoc."
  (when (and (bound-and-true-p eglot--managed-mode)
             (lantern--eglot-server-p)
             (memq #'eglot-hover-eldoc-function eldoc-documentation-functions))
    (setq-local eldoc-documentation-functions
                (cl-substitute #'lantern-eldoc-hover #'eglot-hover-eldoc-function
                               eldoc-documentation-functions))))

(defun lantern--eglot-server-p ()
  "Whether the buffer's eglot server is Lantern (it runs Lantern's commands)."
  (let ((provider (plist-get (eglot--capabilities (eglot-current-server)) :executeCommandProvider)))
    (member "lantern.explain" (append (plist-get provider :commands) nil))))

(defun lantern-eldoc-hover (callback)
  "eglot's hover for eldoc, led by the gist of Lantern's cached explanation.
eldoc's echo area shows the start of the hover, which with a main
server beside Lantern is the main server's part: Lantern's
explanation, further down, would show only in `eldoc-doc-buffer'.
The gist costs no model request (`lantern.explain' with
cacheOnly); CALLBACK is eldoc's."
  (let ((gist 'pending) (hover 'pending))
    (cl-flet ((deliver ()
                (unless (or (eq gist 'pending) (eq hover 'pending))
                  (let ((info (car hover)))
                    (apply callback
                           (if gist
                               (concat "Lantern: " gist (if info (concat "\n" info) ""))
                             info)
                           (cdr hover))))))
      (let ((params (lantern--point-params)))
        (lantern--execute "lantern.explain"
                          (list :uri (lantern--get (lantern--get params :textDocument) :uri)
                                :position (lantern--get params :position)
                                :cacheOnly t)
                          (lambda (markdown) (setq gist (lantern--gist markdown)) (deliver))
                          (lambda () (setq gist nil) (deliver))))
      (eglot-hover-eldoc-function
       (lambda (info &rest properties) (setq hover (cons info properties)) (deliver))))))

(defun lantern--eglot-entry-p (program mode)
  "Whether PROGRAM, an `eglot-server-programs' entry, is Lantern's for MODE."
  (equal (car program) (list mode :language-id (cdr (assq mode lantern-major-modes)))))

(defun lantern--eglot-contact (language-id)
  "The eglot contact for LANGUAGE-ID: Lantern, beside its main server if found.
Its class, `lantern-eglot-server', runs the \"Edit selection with
Lantern...\" action (lantern-eglot.el)."
  (cons 'lantern-eglot-server
        (append lantern-server-command
                (when-let ((main (lantern--main-server language-id)))
                  (list (concat "--beside=" main)))
                (list :initializationOptions (lantern--settings)))))

(defvar lantern--missing-main-servers nil
  "Main server commands already reported missing, so each is reported once.")

(defun lantern--main-server (language-id)
  "The main server command for LANGUAGE-ID; nil if none is set or installed."
  (when-let ((command (cdr (assoc language-id lantern-main-servers))))
    (let ((program (car (split-string-and-unquote command))))
      (cond ((null program) nil) ; a blank command: Lantern alone, as with none
            ((executable-find program) command)
            ((member command lantern--missing-main-servers) nil)
            (t (push command lantern--missing-main-servers)
               (message "Lantern: `%s' (the main server for %s) is not installed; Lantern runs alone"
                        program language-id)
               nil)))))

;;;###autoload
(defun lantern-lsp-setup ()
  "Register Lantern with lsp-mode: an add-on beside each language's server."
  (require 'lsp-mode)
  (dolist (entry lantern-major-modes)
    (unless (assq (car entry) lsp-language-id-configuration)
      (push entry lsp-language-id-configuration)))
  (lsp-register-client
   (make-lsp-client
    :new-connection (lsp-stdio-connection (lambda () lantern-server-command))
    :major-modes (mapcar #'car lantern-major-modes)
    :server-id 'lantern
    :add-on? t
    :priority -2
    :initialization-options #'lantern--settings
    ;; LSP has no request for free text: this client asks for the instruction of the
    ;; "Edit selection with Lantern..." action itself, and says so, or the server does not list it.
    :custom-capabilities '((experimental . ((lantern . ((editPrompt . t))))))
    :action-handlers (let ((handlers (make-hash-table :test #'equal)))
                       (puthash "lantern.edit" #'lantern--lsp-edit-action handlers)
                       handlers))))

(defun lantern--lsp-edit-action (command)
  "lsp-mode's handler of the `lantern.edit' COMMAND of a code action."
  (lantern--edit-action (elt (lantern--get command :arguments) 0)))

;;;; Showing answers

(define-derived-mode lantern-view-mode special-mode "Lantern"
  "Lantern's answers (markdown, shown as text)."
  (visual-line-mode 1))

(defun lantern--buffer (kind)
  "The buffer where answers of KIND are shown."
  (let ((buffer (get-buffer-create (format "*lantern-%s*" kind))))
    (with-current-buffer buffer
      (unless (derived-mode-p 'lantern-view-mode 'gfm-view-mode)
        (if (fboundp 'gfm-view-mode) (gfm-view-mode) (lantern-view-mode))))
    buffer))

(defun lantern--show (kind markdown &optional append)
  "Show MARKDOWN in the buffer of KIND; with APPEND, add it at the end."
  (let ((buffer (lantern--buffer kind)))
    (with-current-buffer buffer
      (let ((inhibit-read-only t))
        (unless append (erase-buffer))
        (goto-char (point-max))
        (insert markdown)
        (unless (string-suffix-p "\n" markdown) (insert "\n"))))
    (display-buffer buffer)
    buffer))

;;;; Commands

;;;###autoload
(defun lantern-explain (&optional refresh)
  "Explain the function, method or class at point.
With a prefix argument REFRESH, ask the model anew."
  (interactive "P")
  (let* ((params (lantern--point-params))
         (args (list :uri (lantern--get (lantern--get params :textDocument) :uri)
                     :position (lantern--get params :position)
                     :refresh (if refresh t :json-false))))
    (message "Lantern: explaining...")
    (lantern--execute "lantern.explain" args
                      (lambda (markdown)
                        (lantern--show "explain" (or markdown ""))
                        ;; The gist where the eye already is; the window holds the rest.
                        (when-let ((gist (lantern--gist markdown)))
                          (message "Lantern: %s" gist))))))

(defun lantern--gist (markdown)
  "The first line of the explanation in MARKDOWN (below the header's rule), or nil."
  (let ((parts (split-string (or markdown "") "^---$" t)))
    (when (cdr parts) ; the header alone has no explanation to tell
      (let ((body (string-trim (car (last parts)))))
        (unless (string-empty-p body)
          (car (split-string body "\n")))))))

(defun lantern--fix-actions (actions)
  "The \"Fix with Lantern\" actions among ACTIONS."
  (cl-remove-if-not (lambda (action)
                      (string-prefix-p "Fix with Lantern" (lantern--get action :title)))
                    (append actions nil)))

;;;###autoload
(defun lantern-fix ()
  "Apply the \"Fix with Lantern\" code action for a diagnostic on this line."
  (interactive)
  (let* ((backend (lantern--backend))
         (actions (lantern--fix-actions
                   (if (eq backend 'eglot)
                       (eglot-code-actions (line-beginning-position) (line-end-position) "quickfix")
                     (lsp-code-actions-at-point))))
         (action (if (cdr actions)
                     (let ((titles (mapcar (lambda (a) (cons (lantern--get a :title) a)) actions)))
                       (cdr (assoc (completing-read "Fix with Lantern: " titles nil t) titles)))
                   (car actions))))
    (cond ((null action) (message "Lantern: no fix offered for this line"))
          ((eq backend 'eglot)
           (message "Lantern: asking for a fix...")
           (lantern--eglot-run-action action))
          (t (lsp-execute-code-action action)))))

;;;###autoload
(defun lantern-generate (instruction)
  "Generate code at point (or for the region) following INSTRUCTION.
With an empty INSTRUCTION, Lantern takes it from the region or the
comment at point.  The server sends the verified insertion itself
\(workspace/applyEdit)."
  (interactive (list (read-string "Generate (empty: the comment at point): ")))
  (let* ((params (lantern--point-params))
         (range (lantern--region-range))
         (args (append (list :uri (lantern--get (lantern--get params :textDocument) :uri))
                       (if range
                           (list :range range)
                         (list :position (lantern--get params :position)))
                       (unless (string-empty-p instruction) (list :instruction instruction)))))
    (message "Lantern: generating...")
    (lantern--execute "lantern.generate" args
                      (lambda (result)
                        (when (eq (lantern--get result :applied) t)
                          (message "Lantern: generated %s"
                                   (or (lantern--get result :instruction) "")))))))

(defconst lantern--edit-prompt "Lantern edit: "
  "What `lantern-edit' and the \"Edit selection with Lantern...\" action ask.")

;;;###autoload
(defun lantern-edit (instruction)
  "Rewrite the region (else the function at point) as INSTRUCTION says.
Interactively, `read-string' asks for INSTRUCTION.  The server checks
the edit like a fix and sends it itself (workspace/applyEdit); when it
refuses, it says why."
  (interactive (list (read-string lantern--edit-prompt)))
  (when (string-empty-p (string-trim instruction))
    (user-error "Lantern: say how to change the code"))
  (let* ((params (lantern--point-params))
         (position (lantern--get params :position)))
    (lantern--send-edit (list :uri (lantern--get (lantern--get params :textDocument) :uri)
                              :range (or (lantern--region-range)
                                         (list :start position :end position)))
                        instruction)))

(defun lantern--send-edit (selection instruction)
  "Send `lantern.edit' for SELECTION with INSTRUCTION.
SELECTION is a plist: :uri, :range and maybe :version."
  (message "Lantern: editing...")
  (lantern--execute "lantern.edit" (append selection (list :instruction instruction))
                    (lambda (result)
                      (when (eq (lantern--get result :applied) t)
                        (message "Lantern: edited (%s)" instruction)))))

(defun lantern--edit-action (args)
  "Run the code action \"Edit selection with Lantern...\".
Its `lantern.edit' ARGS come without an instruction: LSP has no request
for free text, so it is asked for here, and nothing is sent without one.
eglot and lsp-mode call this for the action (lantern-eglot.el,
`lantern-lsp-setup')."
  (let ((instruction (or (lantern--get args :instruction)
                         (string-trim (read-string lantern--edit-prompt))))
        (version (lantern--get args :version)))
    (if (string-empty-p instruction)
        (message "Lantern: no instruction given; nothing was changed.")
      (lantern--send-edit
       (append (list :uri (lantern--get args :uri) :range (lantern--get args :range))
               ;; The version the selection was made in: a buffer edited since is refused.
               (when version (list :version version)))
       instruction))))

(defvar lantern--ask-session nil
  "The session of `lantern-ask': later questions continue the conversation.")

;;;###autoload
(defun lantern-ask (question)
  "Ask Lantern QUESTION, about the region if it is active.
The answers build up in the buffer *lantern-ask*."
  (interactive (list (read-string "Ask Lantern: ")))
  (let* ((uri (lantern--get (lantern--get (lantern--point-params) :textDocument) :uri))
         (range (lantern--region-range))
         (args (append (list :question question :uri uri)
                       (when range (list :range range))
                       (when lantern--ask-session (list :sessionId lantern--ask-session))))
         (source (current-buffer)))
    (lantern--show "ask" (format "## %s\n\n*Lantern is thinking...*\n" question) t)
    (lantern--execute
     "lantern.ask" args
     (lambda (result)
       (setq lantern--ask-session (or (lantern--get result :sessionId) lantern--ask-session))
       (with-current-buffer (lantern--buffer "ask")
         (let ((inhibit-read-only t))
           (goto-char (point-max))
           (when (search-backward "*Lantern is thinking...*" nil t)
             (replace-match (string-trim-right (or (lantern--get result :markdown) "")) t t))
           (goto-char (point-max))
           (insert "\n")))
       ;; An answer may propose an edit; lantern.ask never applies it: the user decides.
       (when-let ((edit (lantern--get result :edit)))
         (with-current-buffer source
           (when (y-or-n-p "Lantern proposes an edit; apply it? ")
             (lantern--apply-edit edit 'lantern-ask))))))))

(defun lantern--status-markdown (status)
  "STATUS (the lantern/status result) as markdown."
  (let ((cache (lantern--get status :cache)))
    (concat
     (format "# Lantern %s\n\n" (or (lantern--get status :version) ""))
     (format "- provider: %s%s\n" (lantern--get status :provider)
             (if-let ((model (lantern--get status :model))) (format " (model %s)" model) ""))
     (if-let ((endpoint (lantern--get status :endpoint))) (format "- endpoint: %s\n" endpoint) "")
     (if-let ((reason (lantern--get status :offlineReason))) (format "- offline: %s\n" reason) "")
     (format "- cache: %s (%s hits, %s misses)\n" (lantern--get cache :location)
             (lantern--get cache :hits) (lantern--get cache :misses))
     (format "- requests: %s (%s failed), tokens in/out: %s/%s\n"
             (lantern--get status :requests) (lantern--get status :failures)
             (lantern--get status :inputTokens) (lantern--get status :outputTokens))
     (format "- open documents: %s; grammars: %s\n" (lantern--get status :openDocuments)
             (mapconcat #'identity (append (lantern--get status :grammarsLoaded) nil) ", ")))))

;;;###autoload
(defun lantern-status ()
  "Show Lantern's provider, model, cache and usage."
  (interactive)
  (lantern--request "lantern/status" (make-hash-table)
                    (lambda (status)
                      (lantern--show "status" (lantern--status-markdown status))
                      (message "Lantern: %s%s" (lantern--get status :provider)
                               (if-let ((model (lantern--get status :model)))
                                   (format " (%s)" model)
                                 "")))))

;;;###autoload
(defun lantern-clear-cache ()
  "Empty Lantern's cache: answers are asked anew, the workspace index is rebuilt."
  (interactive)
  (lantern--request "workspace/executeCommand" (list :command "lantern.clearCache")
                    (lambda (_result) (message "Lantern: the cache is cleared; the workspace index is being rebuilt."))))

(provide 'lantern)
;;; lantern.el ends here
