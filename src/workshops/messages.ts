// What participants are told, in plain French: short enough for one SMS, complete enough for a phone call or a
// letter. Pure functions of the facts, so they are tested as a table.
import { displayPhone } from '../households/index.ts';
import { calendarDayText as frenchCalendarDay, programmeTimeZone } from '../platform/dates.ts';
import type { CourseLevel } from './schema.ts';

const format = (options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat('fr-FR', { timeZone: programmeTimeZone, ...options });
const dayFormat = format({ weekday: 'long', day: 'numeric', month: 'long' });
const dayYearFormat = format({ weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const timeFormat = format({ hour: 'numeric', minute: '2-digit' });

/** French writes the first of the month « 1er »: « mardi 1er décembre ». */
const firstOfMonth = (text: string) => text.replace(/^(\p{L}+ )1 /u, '$11er ');

/** « jeudi 3 décembre » (« jeudi 3 décembre 2026 » with the year) in programme time. */
export const dayText = (instant: Date, withYear = false) =>
  firstOfMonth((withYear ? dayYearFormat : dayFormat).format(instant));

/** « 14 h 00 » in programme time. */
export const hourText = (instant: Date) => timeFormat.format(instant).replace(':', ' h ');

/** « jeudi 3 décembre à 14 h 00 » in programme time. */
export const whenText = (instant: Date) => `${dayText(instant)} à ${hourText(instant)}`;

/** « 11 novembre », « 1er mai » for a calendar day (YYYY-MM-DD). */
export const calendarDayText = (day: string) => frenchCalendarDay(day, { withYear: false });

/** The level of a course, as people read it. */
export const courseLevelLabels: Record<CourseLevel, string> = {
  beginner: 'Débutant',
  intermediate: 'Intermédiaire',
  advanced: 'Avancé',
};

/** « 1er », « 2e »: a place on a waiting list. */
export const ordinal = (n: number) => (n === 1 ? '1er' : `${n}e`);

export interface SessionFacts {
  courseTitle: string;
  startsAt: Date;
  facilityName: string;
  room: string | null;
  facilityPhone: string | null;
}

export type MessageTopic = 'reminder' | 'promoted' | 'convocation' | 'session_cancelled' | 'session_moved';

const where = (s: SessionFacts) => `${s.facilityName}${s.room ? `, salle ${s.room}` : ''}`;
const callUs = (s: SessionFacts) =>
  s.facilityPhone ? ` Empêchement ? Appelez le ${displayPhone(s.facilityPhone)}.` : '';

/** Subject and body of a message about a session (or, for a convocation, all the sessions of a cycle). */
export function sessionMessage(
  topic: MessageTopic,
  firstName: string,
  session: SessionFacts,
  extra: { sessions?: Date[]; reason?: string } = {},
): { subject: string; body: string } {
  const hello = `Bonjour ${firstName},`;
  switch (topic) {
    case 'reminder':
      return {
        subject: `Rappel : atelier ${whenText(session.startsAt)}`,
        body: `${hello} rappel : atelier « ${session.courseTitle} » ${whenText(session.startsAt)}, ${where(session)}.${callUs(session)}`,
      };
    case 'promoted':
      return {
        subject: `Une place s’est libérée : « ${session.courseTitle} »`,
        body: `${hello} une place s’est libérée : vous êtes inscrit(e) à l’atelier « ${session.courseTitle} ». Prochaine séance ${whenText(session.startsAt)}, ${where(session)}.${callUs(session)}`,
      };
    case 'convocation': {
      const dates = (extra.sessions ?? [session.startsAt]).map((d, i) => `${i + 1}. ${whenText(d)}`);
      return {
        subject: `Votre inscription à l’atelier « ${session.courseTitle} »`,
        body: `${hello}\n\nvous êtes inscrit(e) à l’atelier « ${session.courseTitle} », ${where(session)}. C’est gratuit.\n\nLes séances :\n${dates.join('\n')}\n\n${callUs(session).trim() || 'À bientôt !'}`,
      };
    }
    case 'session_cancelled':
      return {
        subject: `Séance annulée ${whenText(session.startsAt)}`,
        body: `${hello} la séance de l’atelier « ${session.courseTitle} » du ${whenText(session.startsAt)} est annulée${extra.reason ? ` (${extra.reason})` : ''}. Les autres séances ne changent pas.${callUs(session)}`,
      };
    case 'session_moved':
      return {
        subject: `Séance déplacée : ${whenText(session.startsAt)}`,
        body: `${hello} la séance de l’atelier « ${session.courseTitle} » change : elle aura lieu ${whenText(session.startsAt)}, ${where(session)}.${callUs(session)}`,
      };
  }
}
