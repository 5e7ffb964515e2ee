// protocol/js/plan.mjs: the room's plan against a fixed clock and a fixed day start. The rooms are those of
// the bundled meeting (Geneva, 17 June 2019, Europe/Zurich, UTC+2 that day): a group's presentations
// 10:45-11:15 and open discussion 11:15-11:30, the plenary's sessions with lunch before the dialogue at 14:00.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';

import { dayStartMs, roomPlan } from '../../protocol/js/plan.mjs';

const MIN = 60000;
const DAY = Date.UTC(2019, 5, 16, 22); // 17 June 2019, 00:00 in Geneva
/** @param {string} hhmm local time on the meeting day */
const at = (hhmm) => {
  const [h, m] = hhmm.split(':').map(Number);
  return DAY + (h * 60 + m) * MIN;
};

const timer = (over = {}) => ({
  label: '', duration_ms: 0, run: 'idle', ends_at_ms: 0, remaining_ms: 0, warning_ms: 0, warned: false, expired: false, ...over,
});
const running = (endsAt, duration) => timer({ run: 'running', duration_ms: duration, ends_at_ms: endsAt, remaining_ms: duration });
const block = (id, kind, startMin, minutes, over = {}) => ({
  id, kind, title: id, planned_ms: minutes * MIN, plan_start_min: startMin, max_presenters: 0, slots: [],
  started_at_ms: 0, ended_at_ms: 0, allotted_ms: 0, left_ms: 0, ...over,
});
const slot = (id, status = 'waiting') => ({
  id, name: id, affiliation: '', planned_ms: 0, status, started_at_ms: 0, ended_at_ms: 0, allotted_ms: 0, spoken_ms: 0,
});
/** Only what roomPlan reads: the blocks, the running block and the segment timer. */
const room = (blocks, current = null, segment = timer()) => ({ blocks, block: current, segment });

/** A group: presentations 10:45-11:15, discussion 11:15-11:30. */
const group = (pres = {}, disc = {}) => [
  block('presentations', 'presentations', 645, 30, { slots: [slot('s1'), slot('s2'), slot('s3')], ...pres }),
  block('discussion', 'discussion', 675, 15, disc),
];
const times = (plan, key) => plan.blocks.map((b) => [b.id, b[`${key}_start_ms`], b[`${key}_end_ms`]]);

describe('roomPlan: a group', () => {
  test('nothing started, before the plan: on time, the first presenter is next', () => {
    const plan = roomPlan(room(group()), at('10:30'), DAY);
    assert.deepEqual(times(plan, 'planned'), [['presentations', at('10:45'), at('11:15')], ['discussion', at('11:15'), at('11:30')]]);
    assert.deepEqual(times(plan, 'projected'), times(plan, 'planned'));
    assert.deepEqual(plan.blocks.map((b) => b.status), ['planned', 'planned']);
    assert.deepEqual(plan.blocks.map((b) => [b.kind, b.title]), [['presentations', 'presentations'], ['discussion', 'discussion']]);
    assert.equal(plan.current, null);
    assert.equal(plan.next_slot.id, 's1');
    assert.equal(plan.drift_ms, 0);
    assert.equal(plan.planned_end_ms, at('11:30'));
    assert.equal(plan.projected_end_ms, at('11:30'));
  });

  test('a late start: the drift is the lateness, and grows while nobody starts', () => {
    const plan = roomPlan(room(group()), at('10:52'), DAY);
    assert.deepEqual(times(plan, 'projected'), [['presentations', at('10:52'), at('11:22')], ['discussion', at('11:22'), at('11:37')]]);
    assert.equal(plan.drift_ms, 7 * MIN);
    assert.equal(roomPlan(room(group()), at('10:55'), DAY).drift_ms, 10 * MIN);
  });

  test('presentations running on time: no drift, the next waiting presenter is next', () => {
    const blocks = group({
      started_at_ms: at('10:45'), allotted_ms: 30 * MIN, slots: [slot('s1', 'done'), slot('s2', 'speaking'), slot('s3')],
    });
    const plan = roomPlan(room(blocks, 'presentations', running(at('11:15'), 30 * MIN)), at('11:00'), DAY);
    assert.equal(plan.current, 'presentations');
    assert.deepEqual(plan.blocks.map((b) => b.status), ['running', 'planned']);
    assert.deepEqual(times(plan, 'projected'), times(plan, 'planned'));
    assert.equal(plan.drift_ms, 0);
    assert.equal(plan.next_slot.id, 's3');
  });

  test('presentations started late and running over: the discussion absorbs the overrun, the drift stays the lateness', () => {
    const pres = { started_at_ms: at('10:50'), allotted_ms: 30 * MIN };
    const segment = running(at('11:20'), 30 * MIN);
    const onTime = roomPlan(room(group(pres), 'presentations', segment), at('11:10'), DAY);
    assert.equal(onTime.drift_ms, 5 * MIN);
    assert.deepEqual(times(onTime, 'projected'), [['presentations', at('10:50'), at('11:20')], ['discussion', at('11:20'), at('11:35')]]);

    // 4 minutes over: the presentations end now, the discussion gets 15 - 4 minutes.
    const over = roomPlan(room(group(pres), 'presentations', segment), at('11:24'), DAY);
    assert.deepEqual(times(over, 'projected'), [['presentations', at('10:50'), at('11:24')], ['discussion', at('11:24'), at('11:35')]]);
    assert.equal(over.drift_ms, 5 * MIN);

    // Ended 6 minutes over; the discussion, not started yet, is planned with 9 minutes.
    const done = group({ ...pres, ended_at_ms: at('11:26'), left_ms: -6 * MIN });
    const paused = timer({ run: 'paused', duration_ms: 30 * MIN, remaining_ms: -6 * MIN });
    const between = roomPlan(room(done, null, paused), at('11:26'), DAY);
    assert.deepEqual(between.blocks.map((b) => b.status), ['done', 'planned']);
    assert.deepEqual(times(between, 'projected'), [['presentations', at('10:50'), at('11:26')], ['discussion', at('11:26'), at('11:35')]]);
    assert.equal(between.drift_ms, 5 * MIN);
    assert.equal(between.current, null);

    // The discussion runs with those 9 minutes.
    const disc = { started_at_ms: at('11:26'), allotted_ms: 9 * MIN };
    const plan = roomPlan(room(group({ ...pres, ended_at_ms: at('11:26'), left_ms: -6 * MIN }, disc), 'discussion',
      running(at('11:35'), 9 * MIN)), at('11:30'), DAY);
    assert.equal(plan.current, 'discussion');
    assert.equal(plan.projected_end_ms, at('11:35'));
    assert.equal(plan.drift_ms, 5 * MIN);
    assert.equal(plan.next_slot, null);
  });

  test('presentations that finish early give the discussion their time; an overrun leaves it at least a minute', () => {
    const early = group({ started_at_ms: at('10:45'), ended_at_ms: at('11:10'), left_ms: 5 * MIN });
    const plan = roomPlan(room(early), at('11:10'), DAY);
    assert.deepEqual(plan.blocks[1].projected_end_ms, at('11:30'));
    assert.equal(plan.drift_ms, 0);

    const long = roomPlan(room(group({ started_at_ms: at('10:45') }), 'presentations', running(at('11:15'), 30 * MIN)), at('11:40'), DAY);
    assert.deepEqual(times(long, 'projected')[1], ['discussion', at('11:40'), at('11:41')]);
    assert.equal(long.drift_ms, 11 * MIN);
  });

  test('a discussion running over: the drift grows with the clock; a paused one counts what it has left', () => {
    const blocks = group(
      { started_at_ms: at('10:45'), ended_at_ms: at('11:15'), left_ms: 0 },
      { started_at_ms: at('11:15'), allotted_ms: 15 * MIN },
    );
    const segment = running(at('11:30'), 15 * MIN);
    assert.equal(roomPlan(room(blocks, 'discussion', segment), at('11:25'), DAY).drift_ms, 0);
    assert.equal(roomPlan(room(blocks, 'discussion', segment), at('11:34'), DAY).drift_ms, 4 * MIN);
    const later = roomPlan(room(blocks, 'discussion', segment), at('11:40'), DAY);
    assert.equal(later.drift_ms, 10 * MIN);
    assert.equal(later.projected_end_ms, at('11:40'));
    const paused = timer({ run: 'paused', duration_ms: 15 * MIN, remaining_ms: 2 * MIN });
    assert.equal(roomPlan(room(blocks, 'discussion', paused), at('11:31'), DAY).projected_end_ms, at('11:33'));
  });

  test('all done: the drift is how late the last block ended', () => {
    const blocks = group(
      { started_at_ms: at('10:45'), ended_at_ms: at('11:17'), left_ms: -2 * MIN, slots: [slot('s1', 'done'), slot('s2', 'done')] },
      { started_at_ms: at('11:17'), ended_at_ms: at('11:33'), allotted_ms: 13 * MIN, left_ms: -3 * MIN },
    );
    const plan = roomPlan(room(blocks, null, timer({ run: 'paused', remaining_ms: -3 * MIN })), at('12:00'), DAY);
    assert.deepEqual(plan.blocks.map((b) => b.status), ['done', 'done']);
    assert.deepEqual(times(plan, 'projected'), [['presentations', at('10:45'), at('11:17')], ['discussion', at('11:17'), at('11:33')]]);
    assert.equal(plan.current, null);
    assert.equal(plan.next_slot, null);
    assert.equal(plan.planned_end_ms, at('11:30'));
    assert.equal(plan.drift_ms, 3 * MIN);
  });

  test('no plan (no start times): no planned times and no drift, the projection still runs from now', () => {
    const blocks = group({ plan_start_min: null }, { plan_start_min: null });
    const plan = roomPlan(room(blocks), at('16:00'), DAY);
    assert.deepEqual(times(plan, 'planned'), [['presentations', null, null], ['discussion', null, null]]);
    assert.deepEqual(times(plan, 'projected'), [['presentations', at('16:00'), at('16:30')], ['discussion', at('16:30'), at('16:45')]]);
    assert.equal(plan.drift_ms, null);
    assert.equal(plan.planned_end_ms, null);
    assert.equal(plan.projected_end_ms, at('16:45'));
  });

  test('a room without blocks has no plan', () => {
    assert.deepEqual(roomPlan({ block: null, segment: timer() }, at('10:00'), DAY), {
      blocks: [], current: null, next_slot: null, drift_ms: null, planned_end_ms: null, projected_end_ms: null,
    });
  });
});

describe('roomPlan: the plenary, with a break before the dialogue', () => {
  const plenary = (over = {}) => [
    block('opening', 'session', 570, 30, over.opening),
    block('keynotes', 'session', 600, 30, over.keynotes),
    block('dialogue', 'session', 840, 90, over.dialogue),
    block('wrap-up', 'session', 930, 15, over['wrap-up']),
  ];
  const morning = { opening: { started_at_ms: at('09:30'), ended_at_ms: at('10:00') }, keynotes: { started_at_ms: at('10:00') } };

  test('the keynotes running over push the morning, not the dialogue after lunch', () => {
    const plan = roomPlan(room(plenary(morning), 'keynotes', running(at('10:30'), 30 * MIN)), at('10:50'), DAY);
    assert.equal(plan.current, 'keynotes');
    assert.equal(plan.planned_end_ms, at('10:30'));
    assert.equal(plan.projected_end_ms, at('10:50'));
    assert.equal(plan.drift_ms, 20 * MIN);
    assert.deepEqual(times(plan, 'projected').slice(2), [['dialogue', at('14:00'), at('15:30')], ['wrap-up', at('15:30'), at('15:45')]]);
    assert.equal(plan.next_slot, null);
  });

  test('after the morning the drift is the afternoon\'s: none at lunch, the lateness once 14:00 has passed', () => {
    const done = plenary({ ...morning, keynotes: { started_at_ms: at('10:00'), ended_at_ms: at('11:00'), left_ms: -30 * MIN } });
    const lunch = roomPlan(room(done), at('12:00'), DAY);
    assert.equal(lunch.current, null);
    assert.equal(lunch.planned_end_ms, at('15:45'));
    assert.equal(lunch.drift_ms, 0);
    const late = roomPlan(room(done), at('14:10'), DAY);
    assert.deepEqual(times(late, 'projected').slice(2), [['dialogue', at('14:10'), at('15:40')], ['wrap-up', at('15:40'), at('15:55')]]);
    assert.equal(late.drift_ms, 10 * MIN);
  });

  test('an overrun longer than the break pushes the block after it', () => {
    const plan = roomPlan(room(plenary(morning), 'keynotes', running(at('10:30'), 30 * MIN)), at('14:20'), DAY);
    assert.deepEqual(times(plan, 'projected')[2], ['dialogue', at('14:20'), at('15:50')]);
    assert.equal(plan.drift_ms, 230 * MIN, 'the morning\'s stretch');
  });
});

describe('dayStartMs', () => {
  test('Europe/Zurich in summer (UTC+2) and in winter (UTC+1)', () => {
    assert.equal(dayStartMs(Date.UTC(2019, 5, 17, 12), 'Europe/Zurich'), Date.UTC(2019, 5, 16, 22));
    assert.equal(dayStartMs(Date.UTC(2019, 0, 15, 12), 'Europe/Zurich'), Date.UTC(2019, 0, 14, 23));
  });

  test('just after and just before local midnight', () => {
    assert.equal(dayStartMs(Date.UTC(2019, 5, 16, 22, 0, 0, 1), 'Europe/Zurich'), Date.UTC(2019, 5, 16, 22));
    assert.equal(dayStartMs(Date.UTC(2019, 5, 16, 22), 'Europe/Zurich'), Date.UTC(2019, 5, 16, 22));
    assert.equal(dayStartMs(Date.UTC(2019, 5, 16, 21, 59, 59, 999), 'Europe/Zurich'), Date.UTC(2019, 5, 15, 22));
  });

  test('on the days the clocks change, midnight keeps the offset it had', () => {
    assert.equal(dayStartMs(Date.UTC(2019, 2, 31, 12), 'Europe/Zurich'), Date.UTC(2019, 2, 30, 23));
    assert.equal(dayStartMs(Date.UTC(2019, 9, 27, 12), 'Europe/Zurich'), Date.UTC(2019, 9, 26, 22));
  });

  test('other zones, and an unknown one', () => {
    assert.equal(dayStartMs(Date.UTC(2019, 5, 17, 12, 34), 'UTC'), Date.UTC(2019, 5, 17));
    assert.equal(dayStartMs(Date.UTC(2019, 5, 17, 3), 'America/New_York'), Date.UTC(2019, 5, 16, 4));
    assert.equal(dayStartMs(Date.UTC(2019, 5, 17, 12), 'Asia/Kolkata'), Date.UTC(2019, 5, 16, 18, 30));
    assert.throws(() => dayStartMs(0, 'Mars/Olympus_Mons'), RangeError);
  });

  test('the plan applies to the day it is: a rehearsal the day before shows the drift of that day', () => {
    const now = Date.UTC(2019, 5, 15, 8, 52); // 16 June, 10:52 in Geneva
    const plan = roomPlan(room(group()), now, dayStartMs(now, 'Europe/Zurich'));
    assert.equal(plan.drift_ms, 7 * MIN);
  });
});
