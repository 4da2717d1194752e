import robots from './counter-robots.json' with { type: 'json' };

/** The COUNTER patterns as one case-insensitive alternation: one regex run per new User-Agent. */
const robotPattern = new RegExp(robots.patterns.map((p) => `(?:${p})`).join('|'), 'i');

const cacheLimit = 5000;

/** True when the User-Agent is on the COUNTER robots list (a missing header counts as empty, which the list treats as a robot). */
export const isRobotAgent = (userAgent: string | null | undefined): boolean => robotPattern.test(userAgent ?? '');

/**
 * `isRobotAgent` with its answers remembered (one memory per usage recorder): a portal sees few distinct
 * User-Agents, and a flood of made-up ones only costs the regex, never memory beyond the bound.
 */
export function createRobotCheck(): (userAgent: string | null | undefined) => boolean {
  const seen = new Map<string, boolean>();
  return (userAgent) => {
    const ua = userAgent ?? '';
    const cached = seen.get(ua);
    if (cached !== undefined) return cached;
    const robot = isRobotAgent(ua);
    if (seen.size >= cacheLimit) seen.clear();
    seen.set(ua, robot);
    return robot;
  };
}

export const robotsListInfo = { source: robots.source, retrieved: robots.retrieved, patterns: robots.patterns.length };
