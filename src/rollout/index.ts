// Roll-out: sectors' stages and their checklists, the consultation of local partners, each sector's readiness for
// accompaniment, the suggested calendar, and the programme's map.
export { type ChecklistState, checklistOn, checklists } from './checklists.ts';
export { getMeetingMinutes, recordMeeting, recordPosition } from './consultation.ts';
export { decideStage, recordPastStage, tickChecklistItem } from './decide-stage.ts';
export { getRolloutPlan } from './get-plan.ts';
export { loadPlanInput } from './load-plan-input.ts';
export {
  type DrawnFacility,
  type DrawnSector,
  drawMap,
  type MapDrawing,
  type MapTile,
  type StagePattern,
  stageStyles,
} from './map.ts';
export { getRolloutMap, mapSectorLimit } from './map-data.ts';
export {
  defaultRolloutSettings,
  type MapData,
  type Milestone,
  type Plan,
  type PlanInput,
  type PlanLine,
  type Readiness,
  type RolloutSettings,
} from './model.ts';
export { pinSector, unpinSector } from './pins.ts';
export { planCsv, planIcal } from './plan-export.ts';
export { type RolloutRefusal, rolloutRefusalMessage, rolloutRefusalMessages } from './refusals.ts';
export { planRollout, readiness } from './rules.ts';
export {
  checklistTick,
  consultationMeeting,
  type Involvement,
  involvements,
  type Opinion,
  opinions,
  partnerPosition,
  rolloutPin,
  rolloutSettings,
} from './schema.ts';
export { getSectorRollout, type SectorRollout } from './sector-rollout.ts';
export { loadRolloutSettings, RolloutSettingsInput, updateRolloutSettings } from './settings.ts';
export { backwardStages, decidedStages, nextDecidedStage, transition } from './stages.ts';
export { ChecklistTickInput, MeetingInput, PinInput, PositionInput, StageDecision } from './values.ts';
