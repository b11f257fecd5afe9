// Placeholder: `palier backup …` commands.
import type { Command } from 'commander';
import type { RolloutCliHelpers } from './rollout.ts';

export function registerBackupCommands(_program: Command, _helpers: RolloutCliHelpers): void {}
