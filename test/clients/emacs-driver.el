;;; emacs-driver.el --- drives Emacs (batch) through eglot or lsp-mode and lantern.el  -*- lexical-binding: t; -*-

;;; Commentary:

;; The user's steps, in Debian's Emacs 28 with its eglot 1.9 (or lsp-mode 8 when the spec's backend
;; is "lsp"): the client started as a user starts it, the hover (eldoc's, or
;; lsp-describe-thing-at-point), lantern-explain, lantern-status, "Fix with Lantern" (from the
;; client's own code-action menu or lantern-fix), lantern-ask and lantern-generate; with eglot and a spec
;; that asks, a definition (xref) too.  It only observes: what each
;; step showed is written as JSON to the spec's result_path, and the vitest file asserts on it.
;; Every wait polls a condition with a deadline while accepting process output; no fixed sleeps.

;;; Code:

(require 'cl-lib)
(require 'json)

(defvar driver-spec
  (json-parse-string (with-temp-buffer
                       (insert-file-contents (getenv "LANTERN_DRIVER_SPEC"))
                       (buffer-string))
                     :object-type 'plist :array-type 'list))
(defvar driver-result (list :steps [] :messages []))

(defun driver-put (key value)
  (setq driver-result (plist-put driver-result key value)))

(defun driver-write ()
  (with-temp-file (plist-get driver-spec :result_path)
    (insert (json-serialize driver-result :null-object :null :false-object :false))))

(defun driver-step (name)
  (driver-put :steps (vconcat (plist-get driver-result :steps) (list name)))
  (driver-write)) ; a run killed at its deadline still says how far it got

(defun driver-record-message (format-string &rest args)
  (when format-string
    (driver-put :messages (vconcat (plist-get driver-result :messages)
                                   (list (apply #'format format-string args))))))
(advice-add 'message :before #'driver-record-message)

(defun driver-wait (what predicate &optional refusal)
  "Accept process output until PREDICATE holds; fail after the deadline.
A message matching REFUSAL ends the wait at once: a refused fix says so."
  (let ((deadline (+ (float-time) (/ (plist-get driver-spec :timeout_ms) 1000.0)))
        (seen (length (plist-get driver-result :messages)))
        refused)
    (while (not (or (funcall predicate) refused))
      (when (> (float-time) deadline) (error "Timed out waiting for %s" what))
      (accept-process-output nil 0.05)
      (let ((messages (plist-get driver-result :messages)))
        (cl-loop for i from seen below (length messages)
                 when (and refusal (string-match-p refusal (aref messages i)))
                 do (setq refused (aref messages i)))
        (setq seen (length messages))))
    (when refused (error "%s failed: %s" what refused))))

(defun driver-goto (position)
  "Move point to POSITION, an LSP position (the fixtures are ASCII)."
  (goto-char (point-min))
  (forward-line (plist-get position :line))
  (forward-char (plist-get position :character)))

(defun driver-buffer-text (name)
  (let ((buffer (get-buffer name)))
    (and buffer (with-current-buffer buffer
                  (let ((text (buffer-substring-no-properties (point-min) (point-max))))
                    (and (not (string-empty-p text)) text))))))

(defun driver-shown (name)
  "The text of buffer NAME once a command has shown something there."
  (driver-wait name (lambda () (driver-buffer-text name)))
  (driver-buffer-text name))

(defun driver-change (what action &optional refusal)
  "Run ACTION (WHAT names it), then wait until the buffer changes; its new text.
REFUSAL: as for `driver-wait'."
  (let ((before (buffer-string)))
    (funcall action)
    (driver-wait (format "%s to change the buffer" what)
                 (lambda () (not (equal (buffer-string) before))) refusal)
    (buffer-substring-no-properties (point-min) (point-max))))

(defun driver-backend () (plist-get driver-spec :backend))

(defun driver-setup ()
  (dolist (dir (directory-files "/usr/share/emacs/site-lisp/elpa" t "^[^.]"))
    (add-to-list 'load-path dir)) ; -Q drops Debian's package path
  (add-to-list 'load-path (plist-get driver-spec :client_dir))
  (require 'flymake)
  (require 'lantern)
  (setq lantern-settings (plist-get driver-spec :settings))
  ;; Emacs 28 has no TypeScript mode; this stands in for MELPA's typescript-mode (derived from
  ;; js-mode like it) so lantern.el's entry for it is what eglot and lsp-mode find.
  (unless (fboundp 'typescript-mode)
    (define-derived-mode typescript-mode js-mode "TypeScript"))
  (add-to-list 'auto-mode-alist '("\\.ts\\'" . typescript-mode))
  (if (equal (driver-backend) "lsp")
      (progn
        (require 'lsp-mode)
        ;; In a user's Emacs, package.el's autoloads (skipped by -Q) add the hook that turns
        ;; lsp-completion-mode on when a server attaches; the completion run loads it the same way.
        (when (plist-get driver-spec :complete) (require 'lsp-completion))
        ;; What a batch session cannot answer (the project root prompt) or show (mode-line widgets).
        (setq lsp-auto-guess-root t lsp-restart 'ignore lsp-enable-file-watchers nil
              lsp-modeline-workspace-status-enable nil lsp-modeline-code-actions-enable nil
              lsp-modeline-diagnostics-enable nil lsp-headerline-breadcrumb-enable nil
              lsp-lens-enable nil lsp-diagnostics-provider :none
              lsp-response-timeout (/ (plist-get driver-spec :timeout_ms) 1000)
              lsp-session-file (expand-file-name "lsp-session" (getenv "HOME"))
              ;; Only the main server the spec names: by default lsp-mode loads every client it
              ;; knows and starts whichever servers this machine happens to have beside Lantern.
              lsp-client-packages nil)
        (when (driver-main-server) (require (intern (concat "lsp-" (driver-main-server)))))
        (lantern-lsp-setup))
    (require 'eglot)
    (setq eglot-connect-timeout (/ (plist-get driver-spec :timeout_ms) 1000))
    ;; The main servers eglot's Lantern runs beside itself: the spec's, so a run does not depend on
    ;; what this machine happens to have installed.
    (setq lantern-main-servers
          (cl-loop for (language-id command) on (plist-get driver-spec :main_servers) by #'cddr
                   collect (cons (substring (symbol-name language-id) 1) command)))
    (lantern-eglot-setup)
    (add-hook 'python-mode-hook #'eglot-ensure)
    (add-hook 'typescript-mode-hook #'eglot-ensure)))

(defun driver-main-server ()
  "The lsp-mode client (e.g. \"pylsp\") that must run beside Lantern, or nil."
  (plist-get driver-spec :lsp_main_server))

(defun driver-lsp-workspace (&optional server-id)
  (lsp-find-workspace (or server-id 'lantern) (buffer-file-name)))

(defun driver-lsp-initialized-p (server-id)
  (let ((workspace (driver-lsp-workspace server-id)))
    (and workspace (eq (lsp--workspace-status workspace) 'initialized))))

(defun driver-connect ()
  "Start the client as a user would, and wait until Lantern answers."
  (if (equal (driver-backend) "lsp")
      (progn
        (lsp)
        (driver-wait "lsp-mode to initialise Lantern" (lambda () (driver-lsp-initialized-p 'lantern)))
        (when (driver-main-server)
          (driver-wait (format "lsp-mode to initialise %s" (driver-main-server))
                       (lambda () (driver-lsp-initialized-p (intern (driver-main-server))))))
        ;; The servers this buffer is attached to, as lsp-mode's own list of its workspaces has them.
        (driver-put :workspaces
                    (vconcat (mapcar (lambda (workspace)
                                       (symbol-name (lsp--client-server-id (lsp--workspace-client workspace))))
                                     (lsp-workspaces)))))
    ;; eglot-ensure waits for the first command; batch mode runs none, so run the hook as one would.
    (run-hooks 'post-command-hook)
    (driver-wait "eglot to connect" (lambda () (and (eglot-current-server) eglot--managed-mode)))
    (flymake-start) ; eglot hands its diagnostics to flymake once flymake asks
    ;; What eglot started (the command line) and who answered initialize (the server's name).
    (driver-put :server_command
                (vconcat (process-command (jsonrpc--process (eglot-current-server)))))
    (driver-put :server_name (plist-get (eglot--server-info (eglot-current-server)) :name))
    ;; Another buffer or a reconnect builds the contact again: a notice it gives must not repeat.
    (lantern--eglot-contact (cdr (assq major-mode lantern-major-modes)))))

(defun driver-capabilities ()
  (if (equal (driver-backend) "lsp")
      (lsp--workspace-server-capabilities (driver-lsp-workspace))
    (eglot--capabilities (eglot-current-server))))

(defun driver-diagnostics ()
  "The diagnostics here (Lantern's, and a main server's), as (LINE POINT TEXT) lists.
TEXT starts with the diagnostic's source, as eglot shows it."
  (if (equal (driver-backend) "lsp")
      (mapcar (lambda (d) (let ((start (lantern--get (lantern--get d :range) :start)))
                            (list (lantern--get start :line) (lsp--position-to-point start)
                                  (format "%s: %s" (lantern--get d :source) (lantern--get d :message)))))
              (gethash (buffer-file-name) (lsp-diagnostics t)))
    (mapcar (lambda (d) (list (1- (line-number-at-pos (flymake-diagnostic-beg d)))
                              (flymake-diagnostic-beg d)
                              (flymake-diagnostic-text d)))
            (flymake-diagnostics))))

(defun driver-lantern-diagnostic-p (diagnostic)
  "Whether DIAGNOSTIC, one of `driver-diagnostics', is Lantern's own (its source)."
  (string-prefix-p "lantern" (nth 2 diagnostic)))

(defun driver-lantern-diagnosed-p ()
  "Whether Lantern's own diagnostics are in: a main server's may come first."
  (cl-some #'driver-lantern-diagnostic-p (driver-diagnostics)))

(defun driver-definitions ()
  "The definitions of the symbol at point through xref, as the user's M-. asks for them."
  (let ((backend (xref-find-backend)))
    (mapcar (lambda (item)
              (let ((location (xref-item-location item)))
                (list :file (xref-location-group location) :line (1- (xref-location-line location)))))
            (xref-backend-definitions backend (xref-backend-identifier-at-point backend)))))

(defun driver-hover ()
  "The hover at point as the user sees it."
  (if (equal (driver-backend) "lsp")
      (progn (lsp-describe-thing-at-point) (driver-buffer-text "*lsp-help*"))
    (let (hover)
      ;; What eldoc shows at point: eglot's hover function, called as eldoc calls it.
      (eglot-hover-eldoc-function (lambda (info &rest _) (setq hover (or info ""))))
      (driver-wait "the hover" (lambda () hover))
      hover)))

(defun driver-eldoc ()
  "What eldoc shows at point: its strategy run as its idle timer runs it, the docs it displays."
  (let* ((shown nil)
         (eldoc-display-functions
          (list (lambda (docs _interactive)
                  (let ((text (mapconcat #'car docs "\n")))
                    (unless (string-empty-p text) (setq shown text)))))))
    (eldoc--invoke-strategy nil)
    (driver-wait "eldoc's documentation" (lambda () shown))
    (substring-no-properties shown)))

(defun driver-picker (title-prefix)
  "A `completing-read-function' that picks the action titled TITLE-PREFIX..., as the user would."
  (lambda (_prompt collection &rest _)
    (let ((titles (mapcar (lambda (item) (if (consp item) (car item) item)) collection)))
      (driver-put :code_action_menu (vconcat titles))
      (cl-find-if (lambda (title) (string-prefix-p title-prefix title)) titles))))

(defun driver-native-action (title-prefix beg end)
  "The client's own code-action menu over BEG..END, the action titled TITLE-PREFIX... picked.
lsp-mode asks for the actions of the active region, else of point's line."
  (let ((completing-read-function (driver-picker title-prefix))
        (last-nonmenu-event ?\r))
    (if (equal (driver-backend) "lsp")
        (call-interactively #'lsp-execute-code-action)
      (eglot-code-actions beg end nil t))))

(defun driver-open ()
  "Every run's start: the client set up, the spec's file visited, and Lantern connected."
  (driver-setup)
  (driver-step "attach")
  (switch-to-buffer (find-file-noselect (plist-get driver-spec :file)))
  (driver-put :mode (symbol-name major-mode))
  (driver-connect))

(defun driver-run ()
  (driver-open)
  (driver-put :server_commands
              (vconcat (lantern--get (lantern--get (driver-capabilities) :executeCommandProvider)
                                     :commands)))
  (driver-wait "Lantern's diagnostics" #'driver-lantern-diagnosed-p)
  (driver-put :diagnostics
              (vconcat (mapcar (lambda (d) (list :line (car d) :message (nth 2 d))) (driver-diagnostics))))

  (driver-step "hover")
  (driver-goto (plist-get driver-spec :hover))
  (driver-put :hover (driver-hover))

  (when-let ((position (plist-get driver-spec :definition)))
    (driver-step "definition")
    (save-excursion ; the explain step below asks where the hover did
      (driver-goto position)
      (driver-put :definitions (vconcat (driver-definitions)))))

  (driver-step "explain")
  (lantern-explain)
  (driver-put :explain (driver-shown "*lantern-explain*"))

  (driver-step "status")
  (lantern-status)
  (driver-put :status (driver-shown "*lantern-status*"))

  (driver-step "clear_cache")
  (lantern-clear-cache)
  (driver-wait "the word that the cache is cleared"
               (lambda () (cl-some (lambda (m) (string-match-p "the cache is cleared" m))
                                   (plist-get driver-result :messages))))

  (driver-step "fix")
  (let* ((fix (plist-get driver-spec :fix))
         (line (plist-get (plist-get fix :position) :line))
         ;; Lantern's diagnostic there: its fix is asked for from the range it reported.
         (diagnostic (cl-find-if (lambda (d) (and (= (car d) line) (driver-lantern-diagnostic-p d)))
                                 (driver-diagnostics))))
    (unless diagnostic (error "No diagnostic on the fix line"))
    (goto-char (cadr diagnostic))
    ;; The user confirms the edit the server sends (eglot asks by default).
    (advice-add 'y-or-n-p :around
                (lambda (_ prompt &rest _) (driver-put :confirmed prompt) t)
                '((name . driver-yes)))
    (driver-put :fixed
                (driver-change "the fix"
                               (if (equal (plist-get fix :via) "code_action")
                                   (lambda () (driver-native-action "Fix with Lantern"
                                                                    (line-beginning-position)
                                                                    (line-end-position)))
                                 #'lantern-fix)
                               "did not apply\\|no fix offered\\|No code actions\\|not running")))

  (driver-step "ask")
  (dolist (question (plist-get (plist-get driver-spec :ask) :questions))
    (lantern-ask question)
    (driver-wait (format "the answer to %S" question)
                 (lambda () (not (string-match-p "Lantern is thinking"
                                                 (or (driver-buffer-text "*lantern-ask*") ""))))))
  (driver-put :ask (list :text (driver-buffer-text "*lantern-ask*")))

  (driver-step "generate")
  (let ((generate (plist-get driver-spec :generate)))
    (driver-goto (plist-get generate :position))
    (driver-put :generate
                (list :text (driver-change "lantern-generate"
                                           (lambda () (lantern-generate (plist-get generate :instruction)))
                                           "did not"))))
  (driver-step "done"))

(defun driver-walk-run ()
  "Point rests on each function in turn while eldoc hovers, then `lantern-explain' on the last."
  (driver-open)
  (driver-step "eldoc")
  (let ((shown-at (lambda (position)
                    (driver-goto position)
                    (if (equal (driver-backend) "lsp") (driver-hover) (driver-eldoc)))))
    (driver-put :eldoc_hovers (vconcat (mapcar shown-at (plist-get driver-spec :eldoc_walk))))
    (driver-step "explain")
    (lantern-explain)
    (driver-put :explain (driver-shown "*lantern-explain*"))
    ;; Shown without the user opening anything: a window on it, and its gist in the echo area.
    (driver-put :explain_window (if (get-buffer-window "*lantern-explain*") t :false))
    (driver-step "eldoc again")
    (driver-put :eldoc_after_explain (funcall shown-at (car (last (plist-get driver-spec :eldoc_walk))))))
  (driver-step "done"))

(defun driver-edit-run ()
  "The region over the spec's lines, then `lantern-edit' as a user calls it, or the code action
\"Edit selection with Lantern...\" from the client's menu: either way the prompt reads stdin."
  (driver-open)
  (driver-step "edit")
  (let ((lines (plist-get (plist-get driver-spec :edit) :lines))
        (prompts nil))
    ;; Watches the prompt go by; the answer is read-string's own, from what the user typed.
    (advice-add 'read-string :before (lambda (prompt &rest _) (push prompt prompts)) '((name . driver-prompt)))
    ;; eglot asks before applying a server's edit by default: the user says yes.
    (advice-add 'y-or-n-p :around (lambda (&rest _) t) '((name . driver-yes)))
    (transient-mark-mode 1) ; as in an interactive Emacs: an active region is `use-region-p'
    (goto-char (point-min))
    (forward-line (1- (nth 0 lines)))
    (push-mark (point) t t)
    (forward-line (- (nth 1 lines) (nth 0 lines)))
    (end-of-line)
    (let ((text (driver-change
                 "lantern-edit"
                 (if (equal (plist-get (plist-get driver-spec :edit) :via) "code_action")
                     (lambda ()
                       (driver-native-action "Edit selection with Lantern" (region-beginning) (region-end)))
                   (lambda () (call-interactively #'lantern-edit)))
                 "did not\\|needs")))
      (driver-put :edit (list :prompts (vconcat (reverse prompts)) :text text)))))

(defun driver-complete-run ()
  "The spec's line typed as far as its `typed' text, then `completion-at-point' as a user calls it."
  (driver-open)
  (driver-step "complete")
  (let ((complete (plist-get driver-spec :complete)))
    (goto-char (point-min))
    (forward-line (1- (plist-get complete :line)))
    (delete-region (line-beginning-position) (line-end-position))
    (insert (plist-get complete :typed))
    ;; The change reaches the server as it would on the client's idle timer.
    (when (equal (driver-backend) "eglot") (eglot--signal-textDocument/didChange))
    (driver-put :capf (vconcat (mapcar (lambda (f) (format "%s" f)) completion-at-point-functions)))
    (driver-put :completed (driver-change "completion-at-point" #'completion-at-point))))

(condition-case err
    (cond ((plist-get driver-spec :eldoc_walk) (driver-walk-run))
          ((plist-get driver-spec :complete) (driver-complete-run))
          ((plist-get driver-spec :edit) (driver-edit-run))
          (t (driver-run)))
  (error (driver-put :error (error-message-string err))))
(driver-write)
(kill-emacs 0)

;;; emacs-driver.el ends here
