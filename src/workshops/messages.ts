// What participants are told, in plain French: short enough for one SMS, complete enough for a phone call or a
// letter. Pure functions of the facts, so they are tested as a table.
import { displayPhone } from '../households/index.ts';
import { programmeTimeZone } from '../platform/dates.ts';

const dayTime = new Intl.DateTimeFormat('fr-FR', {
  timeZone: programmeTimeZone,
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  hour: '2-digit',
  minute: '2-digit',
});

/** « jeudi 3 décembre à 14 h 00 » in programme time. */
export function whenText(instant: Date): string {
  const parts = Object.fromEntries(dayTime.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.weekday} ${parts.day} ${parts.month} à ${parts.hour} h ${parts.minute}`;
}

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
