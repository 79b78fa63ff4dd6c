// The treatment plan as the clinician builds it: each problem with its goals, each goal with
// its objectives, and the problem's interventions; then the signatures and the next review.
import { List, Text } from '@mantine/core';

export type PlanFacts = {
  status: string;
  problems?: { problemId: string; code: string; dimension?: number }[];
  goals?: { goalId: string; problemId: string; code: string; status: string; targetDate?: string }[];
  objectives?: { objectiveId: string; goalId: string; code: string; targetDate?: string }[];
  interventions?: { interventionId: string; problemId: string; kind: string; frequencyPerWeek?: number }[];
  signatures?: Partial<Record<string, { signedBy: string; signedOn: string }>>;
  nextReviewDue?: string;
};

export function PlanTree({ plan }: { plan: PlanFacts }) {
  const problems = plan.problems ?? [];
  const signed = Object.entries(plan.signatures ?? {});
  return (
    <>
      <Text size="sm" mb="xs">
        Plan {plan.status}
        {plan.nextReviewDue ? `; next review due ${plan.nextReviewDue}` : ''}.{' '}
        {signed.length
          ? `Signed by ${signed.map(([signer, signature]) => `${signer} on ${signature?.signedOn}`).join(', ')}.`
          : 'Not signed yet.'}
      </Text>
      {problems.length === 0 ? (
        <Text size="sm">No problems recorded yet.</Text>
      ) : (
        <List size="sm" data-testid="plan-tree">
          {problems.map((problem) => (
            <List.Item key={problem.problemId}>
              Problem {problem.code}
              {problem.dimension ? ` (dimension ${problem.dimension})` : ''}
              <List withPadding size="sm">
                {(plan.goals ?? [])
                  .filter((goal) => goal.problemId === problem.problemId)
                  .map((goal) => (
                    <List.Item key={goal.goalId}>
                      Goal {goal.code}, {goal.status}
                      {goal.targetDate ? `, by ${goal.targetDate}` : ''}
                      <List withPadding size="sm">
                        {(plan.objectives ?? [])
                          .filter((objective) => objective.goalId === goal.goalId)
                          .map((objective) => (
                            <List.Item key={objective.objectiveId}>Objective {objective.code}</List.Item>
                          ))}
                      </List>
                    </List.Item>
                  ))}
                {(plan.interventions ?? [])
                  .filter((intervention) => intervention.problemId === problem.problemId)
                  .map((intervention) => (
                    <List.Item key={intervention.interventionId}>
                      Intervention {intervention.kind}
                      {intervention.frequencyPerWeek ? `, ${intervention.frequencyPerWeek} a week` : ''}
                    </List.Item>
                  ))}
              </List>
            </List.Item>
          ))}
        </List>
      )}
    </>
  );
}
