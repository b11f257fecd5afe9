import { Link } from 'react-router';
import { displayPhone, type HouseholdDetail } from '../../src/households/index.ts';
import { useI18n } from '../lib/i18n.ts';

/** A household's record: where it lives, who is in it, how to reach it, what it agreed to, its journey. */
export function HouseholdSummaryView({
  household,
  plain = false,
}: {
  household: HouseholdDetail;
  plain?: boolean;
}) {
  const { t, date, dateTime } = useI18n();
  const current = household.currentTenancy;
  return (
    <>
      <section aria-labelledby="home-title">
        <h2 id="home-title">{t('household.dwelling')}</h2>
        {current ? (
          <p>
            {plain ? (
              `${current.address}, ${current.postcode} ${current.city}`
            ) : (
              <Link to={`/territoire/logements/${current.dwellingId}`}>
                {current.address}, {current.postcode} {current.city}
              </Link>
            )}
            {current.floor !== null ? ` — ${t('household.floor', { floor: current.floor })}` : ''}
            <br />
            {t('household.since', { date: date(current.startDate) })} ·{' '}
            {t('household.dwellingRef', { ref: current.landlordReference })}
          </p>
        ) : (
          <p>{t('household.noDwelling')}</p>
        )}
      </section>

      <section aria-labelledby="members-title">
        <h2 id="members-title">{t('household.members')}</h2>
        <ul>
          {household.members.map((m) => (
            <li key={m.id}>
              {m.firstName} {m.lastName}
              {m.isReferencePerson === 'yes' ? ` (${t('household.referencePerson')})` : ''}
              {m.birthYear
                ? ` — ${t('household.bornIn', { year: m.birthYear })}`
                : m.ageBand !== 'not_given'
                  ? ` — ${t(`ageBands.${m.ageBand}`)}`
                  : ''}
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="contact-title">
        <h2 id="contact-title">{t('household.contact')}</h2>
        <dl className="facts">
          <dt>{t('household.channels')}</dt>
          <dd>{household.contact.channels.map((c) => t(`channels.${c}`)).join(', ')}</dd>
          <dt>{t('household.phone')}</dt>
          <dd>{household.contact.phone ? displayPhone(household.contact.phone) : t('common.none')}</dd>
          <dt>{t('household.email')}</dt>
          <dd>{household.contact.email ?? t('common.none')}</dd>
          <dt>{t('household.language')}</dt>
          <dd>{t(`languages.${household.contact.language}`)}</dd>
        </dl>
      </section>

      <section aria-labelledby="consents-title">
        <h2 id="consents-title">{t('household.consents')}</h2>
        {household.consents.length ? (
          <ul>
            {household.consents.map((c) => (
              <li key={c.id}>
                {t(`consentPurposes.${c.purpose}`)} —{' '}
                {t('household.givenOn', { date: date(c.givenOn), source: t(`consentSources.${c.source}`) })}
                {c.withdrawnOn ? ` — ${t('household.withdrawnOn', { date: date(c.withdrawnOn) })}` : ''}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('household.noConsent')}</p>
        )}
      </section>

      {plain ? null : (
        <>
          <section aria-labelledby="tenancies-title">
            <h2 id="tenancies-title">{t('household.tenancies')}</h2>
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('territory.dwelling')}</th>
                  <th scope="col">{t('territory.sector')}</th>
                  <th scope="col">{t('household.from')}</th>
                  <th scope="col">{t('household.to')}</th>
                </tr>
              </thead>
              <tbody>
                {household.tenancies.map((ten) => (
                  <tr key={ten.id}>
                    <td>
                      <Link to={`/territoire/logements/${ten.dwellingId}`}>
                        {ten.landlordReference} — {ten.address}
                      </Link>
                    </td>
                    <td>{ten.sectorName}</td>
                    <td>{date(ten.startDate)}</td>
                    <td>{ten.endDate ? date(ten.endDate) : t('household.current')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
          {household.profile ? (
            <section aria-labelledby="profile-title">
              <h2 id="profile-title">{t('household.profile')}</h2>
              <p className="hint">{t('household.profileHint')}</p>
              <dl className="facts">
                {Object.entries(household.profile).map(([key, value]) => (
                  <div key={key}>
                    <dt>{t(`profile.${key}`)}</dt>
                    <dd>{t(`answers.${value}`)}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ) : null}
          <section aria-labelledby="timeline-title">
            <h2 id="timeline-title">{t('household.timeline')}</h2>
            {household.timeline.length ? (
              <ol className="timeline">
                {household.timeline.map((e) => (
                  <li key={`${e.at}-${e.kind}`}>
                    <time dateTime={e.at}>{dateTime(e.at)}</time> — {t(`timeline.${e.kind}`)}
                    {typeof e.details.course === 'string' ? ` « ${e.details.course} »` : ''}{' '}
                    <span className="by">({e.by})</span>
                  </li>
                ))}
              </ol>
            ) : (
              <p>{t('household.noTimeline')}</p>
            )}
          </section>
        </>
      )}
    </>
  );
}
