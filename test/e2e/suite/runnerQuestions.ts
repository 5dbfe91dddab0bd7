// Answers the runner questions (HELM: runner, helm-run options, run with) in the real quick inputs, clicking and typing as a user does.
import { act, type QuickPickItemShown, type UiAnswer, waitFor } from './helpers';

export const RUNNER_TITLE = 'HELM: runner';
export const FLAGS_TITLE = 'HELM: helm-run options';
export const VALUES_TITLE = 'HELM: run with';

export interface RunnerAnswers {
  /** Text of the runner's label to pick: `Local`, `Several GPUs`, `Slurm`. */
  runner: string;
  /** The flags to tick (`--dry-run`, …); the others are unticked. */
  flags: string[];
  /** Values to type, in order, by the start of their item's label (`--num-threads`, `workers:`); one already shown is left. */
  values?: Array<[string, string]>;
}

/** What the questions showed on the way. */
export interface RunnerQuestionsShown {
  runners: QuickPickItemShown[];
  runnerPlaceholder: string;
  flags: QuickPickItemShown[];
  /** The values list as first offered, and as it stood when accepted. */
  valuesOffered: QuickPickItemShown[];
  values: QuickPickItemShown[];
}

export async function answerRunnerQuestions(answers: RunnerAnswers): Promise<RunnerQuestionsShown> {
  const runnerQuestion = await question(RUNNER_TITLE);
  await act({ action: 'quickPick', contains: RUNNER_TITLE, label: answers.runner });

  const flagsQuestion = await question(FLAGS_TITLE);
  for (const item of flagsQuestion.items ?? []) {
    if (answers.flags.includes(item.label) !== item.checked) await act({ action: 'quickPick', contains: FLAGS_TITLE, label: item.label });
  }
  await waitFor('the flags ticked', async () => {
    const items = (await question(FLAGS_TITLE)).items ?? [];
    return items.every((i) => i.checked === answers.flags.includes(i.label));
  });
  await act({ action: 'quickInputAccept', contains: FLAGS_TITLE });

  const offered = (await question(VALUES_TITLE)).items ?? [];
  for (const [item, value] of answers.values ?? []) {
    if (await valuesShown(item, value)) continue;
    await act({ action: 'quickPick', contains: VALUES_TITLE, label: item });
    // The input box asks for that value: its prompt names the flag.
    await act({ action: 'quickInputType', contains: item.startsWith('--') ? item : '', text: value });
    await waitFor(`the list to show ${item} ${value}`, async () => valuesShown(item, value));
  }
  const values = (await question(VALUES_TITLE)).items ?? [];
  await act({ action: 'quickPick', contains: VALUES_TITLE, label: 'Run with these values' });
  return { runners: runnerQuestion.items ?? [], runnerPlaceholder: runnerQuestion.placeholder ?? '', flags: flagsQuestion.items ?? [], valuesOffered: offered, values };
}

/** The quick pick titled `title` once its items are on show. */
function question(title: string): Promise<UiAnswer> {
  return waitFor(`the quick pick "${title}"`, async () => {
    const shown = await act({ action: 'quickInput', contains: title });
    return shown.items?.length ? shown : undefined;
  });
}

async function valuesShown(item: string, value: string): Promise<boolean> {
  const items = (await act({ action: 'quickInput', contains: VALUES_TITLE })).items ?? [];
  return items.some((i) => i.label === `${item} ${value}`);
}
