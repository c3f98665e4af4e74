import { describe, expect, it } from 'vitest';
import type { AssignorMember } from '../../client/log-client.js';
import { taskIdString, type TaskId } from '../processor/api.js';
import { assignTasks, decodeOwnedTasks, encodeOwnedTasks, streamsAssignor, tasksOf } from './streams-assignor.js';

const SUBTOPOLOGIES = [
  { id: 0, topics: ['orders', 'payments'] },
  { id: 1, topics: ['app-totals-repartition'] },
];
const COUNTS = new Map([
  ['orders', 3],
  ['payments', 3],
  ['app-totals-repartition', 3],
]);
const TASKS = tasksOf(SUBTOPOLOGIES, COUNTS);

const member = (memberId: string, owned: string[] = []): AssignorMember => ({ memberId, topics: [], userData: owned.length === 0 ? null : encodeOwnedTasks(owned.map(parse)) });
const parse = (id: string): TaskId => ({ subtopology: Number(id.split('_')[0]), partition: Number(id.split('_')[1]) });

/** Member id → its task ids, sorted. */
function byMember(members: AssignorMember[]): Map<string, string[]> {
  const out = new Map(members.map((m) => [m.memberId, [] as string[]]));
  for (const [task, owner] of assignTasks(members, TASKS)) out.get(owner)!.push(taskIdString(task));
  for (const list of out.values()) list.sort();
  return out;
}

describe('streams assignor', () => {
  it('gives every source partition of a task to one member, spreading each sub-topology on a first assignment', () => {
    const assignment = streamsAssignor(SUBTOPOLOGIES).assign([member('a'), member('b')], COUNTS);
    const a = assignment.get('a')!.map((tp) => `${tp.topic}-${tp.partition}`).sort();
    const b = assignment.get('b')!.map((tp) => `${tp.topic}-${tp.partition}`).sort();
    expect([...a, ...b].sort()).toHaveLength(9);
    expect(a.filter((t) => t.startsWith('orders')).map((t) => t.replace('orders', 'payments'))).toEqual(a.filter((t) => t.startsWith('payments')));
    const tasks = byMember([member('a'), member('b')]);
    expect(tasks.get('a')).toHaveLength(3);
    expect(tasks.get('a')!.filter((t) => t.startsWith('0_'))).not.toHaveLength(0);
    expect(tasks.get('a')!.filter((t) => t.startsWith('1_'))).not.toHaveLength(0);
  });

  it('keeps tasks with their previous owner: a joining member takes only what balance needs', () => {
    const before = byMember([member('b'), member('c')]);
    const after = byMember([member('a'), member('b', before.get('b')), member('c', before.get('c'))]);
    expect([...after.values()].map((tasks) => tasks.length)).toEqual([2, 2, 2]);
    const moved = ['b', 'c'].flatMap((id) => before.get(id)!.filter((task) => !after.get(id)!.includes(task)));
    expect(moved).toHaveLength(2); // of 6 tasks, the 2 the new member needs
    expect(after.get('a')!.sort()).toEqual(moved.sort());
  });

  it("spreads a leaving member's tasks over the others, who keep theirs", () => {
    const before = byMember([member('a'), member('b'), member('c')]);
    const after = byMember([member('a', before.get('a')), member('c', before.get('c'))]);
    for (const id of ['a', 'c']) expect(after.get(id)).toEqual(expect.arrayContaining(before.get(id)!));
    expect([...after.values()].map((tasks) => tasks.length)).toEqual([3, 3]);
  });

  it('sends the tasks the member runs as its userData, and ignores userData that is not its own', () => {
    const assignor = streamsAssignor(SUBTOPOLOGIES, () => [{ subtopology: 1, partition: 2 }]);
    expect(decodeOwnedTasks(assignor.userData!())).toEqual(['1_2']);
    expect(decodeOwnedTasks(Buffer.from('not json'))).toEqual([]);
    expect(decodeOwnedTasks(Buffer.from('{"v":9,"tasks":["0_0"]}'))).toEqual([]);
    const garbage: AssignorMember = { memberId: 'x', topics: [], userData: Buffer.from([0, 1, 2]) };
    expect([...byMember([garbage, member('y')]).values()].map((tasks) => tasks.length)).toEqual([3, 3]);
  });
});
