import { t } from '../../../web/i18n.ts';
import type { FormState } from '../../../web/views/forms.tsx';
import { Table } from '../../../web/views/table.tsx';

const labels: Record<string, string> = {
  investorCapBasisPoints: 'Investor cap (basis points: 1000 = 10%)',
  investorWeighting: 'Weight within the investor class (equal or shares)',
  commonsDeductedBasisPoints: "Commons contribution deducted from workers' rates (basis points)",
  commonsAddedBasisPoints: "Commons contribution added to payers' charges (basis points)",
  autoConfirmDays: 'Days before an unanswered care log confirms itself (0 = never)',
  silenceIsConsent: 'Silence at an online consent deadline counts as consent (true or false)',
  joinRequestCoolingOffDays: 'Days before someone whose request to join a team was not taken up may ask again',
  careRecordRetentionYears: 'Years care records are kept after a person\'s support ends (docs/privacy.md)',
  surveyMinGroup: 'Social climate survey: the fewest answers a group needs to be shown on its own (5 or more)',
  surveyLowBelow: 'Social climate survey: an average under this is low (1 to 5, below the high cut-off)',
  surveyHighFrom: 'Social climate survey: an average from this is high (1 to 5, above the low cut-off)',
};

export function SettingsView({ current, membersCircleId }: { state: FormState; current: { key: string; value: unknown }[]; membersCircleId: string | null }) {
  return (
    <>
      <h1>{t('Settings the members decide')}</h1>
      <p>{t("Each setting is changed only by an adopted decision of the Members' Circle, which it cites.")}</p>
      <Table caption={t('Current settings')} hideCaption>
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
      </Table>
      <h2>{t('How a setting changes')}</h2>
      <p>
        {t("The Members' Circle adopts a proposal whose mandate says which setting to change and to what; the change is made when it is adopted, and cites that decision.")}{' '}
        {membersCircleId ? <a href={`/circles/${membersCircleId}/proposals/new`}>{t("Bring a proposal to the Members' Circle")}</a> : null}
      </p>
    </>
  );
}
