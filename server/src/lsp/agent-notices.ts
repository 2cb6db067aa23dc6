import type { AgentNotices } from '../agent/agent-core.js';
import { type ClientNotifier, MessageType } from './client-notifier.js';

/**
 * Tells the user about model and cache trouble through window/showMessage — once per distinct
 * problem, not on every hover: a wrong key is worth one clear message, not a popup per keystroke.
 * Everything also goes to the log.
 */
export function agentNotices(notifier: ClientNotifier): AgentNotices {
  const shown = new Set<string>();
  const once = (type: MessageType, message: string) => {
    notifier.log(type, message);
    if (shown.has(message)) return;
    shown.add(message);
    notifier.showMessage(type, message);
  };
  return {
    modelProblem(error) {
      // Only problems the user must act on pop up; transient ones (a timeout, a 529) are logged.
      if (error.kind === 'auth') once(MessageType.Error, `Lantern: ${error.message}`);
      else notifier.log(MessageType.Warning, `Lantern: ${error.message}`);
    },
    // The circuit breaker calls this once per opening: say it each time — except when a wrong key
    // opened it, which modelProblem has already said once: a second popup would add nothing.
    circuitOpened(error) {
      const message = `Lantern: the model failed repeatedly (${error.message}); answering structurally for a while.`;
      notifier.log(MessageType.Warning, message);
      if (error.kind !== 'auth') notifier.showMessage(MessageType.Warning, message);
    },
    toolCall({ name, input, error }) {
      const outcome = error ? ` refused: ${error}` : '';
      notifier.log(
        MessageType.Info,
        `Lantern tool call: ${name} ${JSON.stringify(input).slice(0, 300)}${outcome}`,
      );
    },
    cacheProblem(message) {
      once(MessageType.Warning, message);
    },
  };
}
