// Channel names of the composer domain: contract/composer.ts is keyed by the same names.
export const COMPOSER_INVOKE = ['composer.context', 'composer.preview', 'composer.plan', 'composer.testSend', 'composer.send', 'composer.cancelSend', 'composer.saveTemplate', 'composer.deleteTemplate', 'planner.preview'] as const;
export const COMPOSER_EVENTS = ['live.enqueue'] as const;
