// Workshops: facilities, courses and sessions, registrations with waiting lists, roll call, reminders, calendars.
export { attendanceSheet, type RollCallEntry, recordAttendance, rollCall } from './attendance.ts';
export {
  calendarToken,
  facilityCalendar,
  facilityCalendarById,
  participantCalendarFeed,
} from './calendars.ts';
export {
  addSession,
  assertCanReadWorkshops,
  type CourseListItem,
  type CreateCourseResult,
  cancelSession,
  createCourse,
  getCourse,
  listCourses,
  listSessions,
  rescheduleSession,
} from './courses.ts';
export {
  addRoom,
  createFacility,
  exportFacilities,
  type FacilityImportReport,
  type FacilitySummary,
  getFacility,
  importFacilities,
  listFacilities,
  updateFacility,
} from './facilities.ts';
export { standardColumns } from './facility-standard.ts';
export {
  eraseWorkshopsPersonalData,
  workshopsPersonalData,
  workshopsWorkInProgress,
} from './household-workshops-personal-data.ts';
export { calendarDayText, courseLevelLabels, dayText, hourText, ordinal, whenText } from './messages.ts';
export { checkOpeningHours, describeState, openingState, weekSchedule } from './opening-hours.ts';
export { type WorkshopRefusal, workshopRefusalMessage } from './refusals.ts';
export {
  cancelRegistration,
  householdRegistrations,
  type RegisterResult,
  register,
  setCourseCapacity,
} from './registrations.ts';
export { scheduleReminders } from './reminders.ts';
export {
  completionRules,
  cycleCompleted,
  frenchPublicHoliday,
  placeFor,
  planSessions,
  preferredReminderChannel,
  reminderDue,
  reminderOffsetsFor,
  sessionsRequired,
  urgentChannel,
} from './rules.ts';
export {
  attendance,
  course,
  courseKinds,
  courseLevels,
  facility,
  participantCalendar,
  type ReminderChannel,
  registration,
  reminderChannels,
  room,
  workshopSession,
} from './schema.ts';
export { workshopStats } from './stats.ts';
export {
  AttendanceInput,
  CancelSessionInput,
  CourseInput,
  CycleInput,
  DropInInput,
  FacilityInput,
  RegistrationInput,
  RoomInput,
  SessionInput,
} from './values.ts';
