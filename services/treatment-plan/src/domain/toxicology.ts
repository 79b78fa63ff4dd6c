import { type CalendarDate } from '@continuum/care-episode';
import { addDays } from './calendar.js';

// Toxicology by analyte (docs/domain/medication-and-toxicology.md#toxicology-by-analyte). A
// test names the analytes found (`substanceCodes`) and, when the collector gives it, the panel
// it tested for. Each analyte belongs to one substance (a metabolite to its parent drug), and
// a finding is *expected* only when its analyte belongs to a medication prescribed to the
// client on the test's day: buprenorphine or norbuprenorphine for buprenorphine, methadone or
// EDDP for methadone. Every other analyte, fentanyl and the opiates included, is use.

export const SPECIMENS = ['urine', 'oral-fluid', 'breath', 'blood'] as const;
export type Specimen = (typeof SPECIMENS)[number];

/** A presumptive (point-of-care immunoassay) result, or one confirmed by the laboratory (e.g. LC-MS/MS); the confirmed one supersedes. */
export const DRUG_TEST_STAGES = ['presumptive', 'confirmed'] as const;
export type DrugTestStage = (typeof DRUG_TEST_STAGES)[number];

/** Who may collect a specimen: the seed programmes' case managers, nurses and clinicians. */
export const COLLECTOR_ROLES = ['case-manager', 'nurse', 'clinician', 'prescriber'] as const;
export type CollectorRole = (typeof COLLECTOR_ROLES)[number];

/** A test recorded without a specimen was, in the programmes that sent them, a urine cup. */
export const DEFAULT_SPECIMEN: Specimen = 'urine';

/**
 * Analyte → the substance a finding of it means. Metabolites name their parent drug, so that a
 * norbuprenorphine finding matches a buprenorphine prescription and an EDDP finding a methadone
 * one. An analyte not listed is its own substance (and never expected).
 */
export const SUBSTANCE_OF_ANALYTE: Readonly<Record<string, string>> = Object.freeze({
  alcohol: 'alcohol',
  ethanol: 'alcohol',
  etg: 'alcohol',
  ets: 'alcohol',
  'etg-ets': 'alcohol',
  buprenorphine: 'buprenorphine',
  norbuprenorphine: 'buprenorphine',
  methadone: 'methadone',
  eddp: 'methadone',
  naltrexone: 'naltrexone',
  '6-beta-naltrexol': 'naltrexone',
  naloxone: 'naloxone',
  fentanyl: 'fentanyl',
  norfentanyl: 'fentanyl',
  opiates: 'opiates',
  morphine: 'opiates',
  codeine: 'opiates',
  heroin: 'opiates',
  '6-mam': 'opiates',
  opioids: 'opioids',
  oxycodone: 'oxycodone',
  oxymorphone: 'oxycodone',
  hydrocodone: 'hydrocodone',
  tramadol: 'tramadol',
  cocaine: 'cocaine',
  benzoylecgonine: 'cocaine',
  amphetamines: 'amphetamines',
  amphetamine: 'amphetamines',
  methamphetamine: 'amphetamines',
  mdma: 'amphetamines',
  cannabis: 'cannabis',
  thc: 'cannabis',
  'thc-cooh': 'cannabis',
  benzodiazepines: 'benzodiazepines',
  barbiturates: 'barbiturates',
  pcp: 'pcp',
  xylazine: 'xylazine',
});

export function substanceOf(analyte: string): string {
  return SUBSTANCE_OF_ANALYTE[analyte] ?? analyte;
}

/**
 * A standard panel for the forms: fentanyl is on it, since a five-panel opiate immunoassay
 * does not detect fentanyl (SAMHSA, TIP 63, Medications for Opioid Use Disorder, 2021, Part 3
 * on drug testing). Buprenorphine and methadone are on it so that a prescribed medication's
 * absence can be seen.
 */
export const STANDARD_URINE_PANEL: readonly string[] = Object.freeze([
  'alcohol',
  'amphetamines',
  'benzodiazepines',
  'buprenorphine',
  'cannabis',
  'cocaine',
  'fentanyl',
  'methadone',
  'opiates',
  'oxycodone',
]);

/**
 * How many calendar days after a positive a further positive for the same substance may still
 * be the same use, by substance and specimen (`*` for any specimen not listed). Whole days,
 * rounded up: "hours" is one day. Defaults, each from its source; a network may replace the
 * table (services/treatment-plan/README.md#configuration). Where a source gives a range for
 * occasional versus chronic use, the default is the occasional figure, so that a positive
 * beyond it counts as a new use and is seen (docs/domain/medication-and-toxicology.md#detection-windows).
 */
export type DetectionWindows = Readonly<Record<string, Readonly<Partial<Record<Specimen | '*', number>>>>>;

export const DEFAULT_DETECTION_WINDOWS: DetectionWindows = Object.freeze({
  // Ethanol: hours in breath and blood, about 12 h in urine; EtG/EtS in urine up to about
  // 80 h (SAMHSA Advisory, "The Role of Biomarkers in the Treatment of Alcohol Use
  // Disorders", 2012 revision). A urine "alcohol" result is read as EtG (3 days).
  alcohol: { breath: 1, blood: 1, urine: 3, 'oral-fluid': 1 },
  // Oral fluid 1–2 days for most drugs (SAMHSA TAP 32, Clinical Drug Testing in Primary Care,
  // 2012, Table 3): 2 days below. Urine figures from the same table unless noted.
  opiates: { urine: 3, 'oral-fluid': 2, blood: 1 },
  opioids: { urine: 3, 'oral-fluid': 2, blood: 1 },
  oxycodone: { urine: 3, 'oral-fluid': 2, blood: 1 },
  hydrocodone: { urine: 3, 'oral-fluid': 2, blood: 1 },
  tramadol: { urine: 3, 'oral-fluid': 2, blood: 1 },
  // Fentanyl/norfentanyl in urine about 1–3 days after a single use (SAMHSA TIP 63, 2021, Part 3).
  fentanyl: { urine: 3, 'oral-fluid': 2, blood: 1 },
  cocaine: { urine: 3, 'oral-fluid': 2, blood: 1 },
  amphetamines: { urine: 3, 'oral-fluid': 2, blood: 1 },
  // Cannabis in urine 1–3 days for occasional use, up to about 30 days for chronic heavy use (TAP 32, Table 3).
  cannabis: { urine: 3, 'oral-fluid': 2, blood: 1 },
  benzodiazepines: { urine: 3, 'oral-fluid': 2, blood: 1 },
  barbiturates: { urine: 3, 'oral-fluid': 2, blood: 1 },
  pcp: { urine: 8, 'oral-fluid': 2, blood: 1 },
  // Methadone/EDDP in urine up to about 3 days after the last dose; buprenorphine and
  // norbuprenorphine up to about 4 days (TAP 32, Table 3; TIP 63, Part 3).
  methadone: { urine: 3, 'oral-fluid': 2, blood: 1 },
  buprenorphine: { urine: 4, 'oral-fluid': 2, blood: 1 },
  // Any substance not listed: the oral-fluid and urine figures most drugs share.
  '*': { urine: 3, 'oral-fluid': 2, breath: 1, blood: 1 },
});

/** The window for `substance` in `specimen` (the table's `*` row and column fill the gaps). */
export function detectionWindowDays(windows: DetectionWindows, substance: string, specimen: Specimen): number {
  const row = windows[substance] ?? windows['*'] ?? {};
  return row[specimen] ?? row['*'] ?? windows['*']?.[specimen] ?? 3;
}

/** A substance-level prescription as toxicology reads it: from `start` to `stop` (inclusive) when stopped. */
export type PrescribedSubstance = { medicationId: string; substances: readonly string[]; start: CalendarDate; stop?: CalendarDate };

/**
 * Whether a finding of `analyte` on `date` is the client's own prescribed medication. After a
 * stop the medication stays expected for its detection window in the specimen, since what is
 * found then is the last doses leaving the body.
 */
export function prescriptionExplaining(
  analyte: string,
  date: CalendarDate,
  specimen: Specimen,
  prescribed: readonly PrescribedSubstance[],
  windows: DetectionWindows,
): PrescribedSubstance | undefined {
  const substance = substanceOf(analyte);
  return prescribed.find(
    (medication) =>
      medication.substances.includes(substance) &&
      medication.start <= date &&
      (medication.stop === undefined || date <= addDays(medication.stop, detectionWindowDays(windows, substance, specimen))),
  );
}
