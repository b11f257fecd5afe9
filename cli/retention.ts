// Placeholder: `palier retention …` commands.
import type { Command } from 'commander';
import type { RolloutCliHelpers } from './rollout.ts';

export function registerRetentionCommands(_program: Command, _helpers: RolloutCliHelpers): void {}
