import { t } from '../../../web/i18n.ts';
import { Field, Form, type FormState, Select } from '../../../web/views/forms.tsx';

const labels: Record<string, string> = {
  investorCapBasisPoints: 'Investor cap (basis points: 1000 = 10%)',
  investorWeighting: 'Weight within the investor class (equal or shares)',
  commonsDeductedBasisPoints: "Commons contribution deducted from workers' rates (basis points)",
  commonsAddedBasisPoints: "Commons contribution added to payers' charges (basis points)",
  autoConfirmDays: 'Days before an unanswered care log confirms itself (0 = never)',
  silenceIsConsent: 'Silence at an online consent deadline counts as consent (true or false)',
};

export function SettingsView({ state, current }: { state: FormState; current: { key: string; value: unknown }[] }) {
  return (
    <>
      <h1>{t('Settings the members decide')}</h1>
      <p>{t("Each change cites the adopted decision of the Members' Circle (or the result of a members' resolution) that makes it.")}</p>
      <table>
        <caption class="visually-hidden">{t('Current settings')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('Setting')}</th>
            <th scope="col">{t('Value now')}</th>
          </tr>
        </thead>
        <tbody>
          {current.map((c) => (
            <tr key={c.key}>
              <td>{t(labels[c.key] ?? c.key)}</td>
              <td>{String(c.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <Form action="/membership/settings" state={state} submit={t('Record the change')}>
        <Select name="key" label={t('Setting')} state={state} options={current.map((c) => ({ value: c.key, label: t(labels[c.key] ?? c.key) }))} />
        <Field name="value" label={t('New value')} state={state} />
        <Field name="decisionId" label={t('Logbook entry of the decision (its id, from its page address)')} state={state} />
      </Form>
    </>
  );
}
