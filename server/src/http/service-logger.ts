import { type DestinationStream, type Logger, pino } from 'pino';
import { redactSecrets, secretValues } from '../secrets.js';

/**
 * The service's logger: pino, one JSON line per event (each request's lines carry its `reqId`), on
 * stdout unless a destination is given (a rotating file, a test's buffer). Requests are logged by
 * method, URL, status and time only — never their headers (the bearer token) nor their bodies (the
 * client's code). `redact` is a second guard should a header ever be logged; the last one is the
 * written line itself: the environment's credentials and any URL's password (a store URL quoted in an
 * error) are cut out of it, whatever field carries them.
 */
export function createServiceLogger(
  destination?: DestinationStream,
  level = 'info',
  secrets: readonly string[] = secretValues(process.env),
): Logger {
  return pino(
    {
      level,
      hooks: { streamWrite: (line) => redactSecrets(line, secrets) },
      redact: {
        paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'],
        censor: '[redacted]',
      },
    },
    destination ?? pino.destination({ dest: 1, sync: false }),
  );
}
