/**
 * The name of the long-lived port each relay sends on (lib/relay/background-channel.ts). Its
 * samples, one message a second per call frame, each opened and closed a message channel when
 * they were sent with `runtime.sendMessage`: that was most of what the relay cost the call page's
 * main thread (issue 12's group lesson).
 */
export const RELAY_PORT_NAME = 'lifeline-relay';
