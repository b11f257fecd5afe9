// Placeholder: `palier privacy …` commands.
import type { Command } from 'commander';
import type { RolloutCliHelpers } from './rollout.ts';

export function registerPrivacyCommands(_program: Command, _helpers: RolloutCliHelpers): void {}
