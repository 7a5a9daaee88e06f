import { describe, expect, it } from "vitest";
import { isSpacedName, MAX_NAME_PT, MIN_NAME_PT, namePlateFontPt, nameEms } from "../../app/domain/protocol/name-plate-size";

describe("the name's size on a desk name plate", () => {
  it("prints common Korean names at the largest size", () => {
    for (const name of ["김산", "이하늘", "남궁민수"]) expect(namePlateFontPt(name)).toBe(MAX_NAME_PT);
  });

  it("shrinks a long name so that it fits one line, and never below the smallest size", () => {
    const long = "Alexandra Montgomery-Fitzgerald";
    const size = namePlateFontPt(long);
    expect(size).toBeLessThan(MAX_NAME_PT);
    expect(size).toBeGreaterThanOrEqual(MIN_NAME_PT);
    // Longer names never come out bigger than shorter ones.
    expect(namePlateFontPt(`${long} Jr.`)).toBeLessThanOrEqual(size);
    expect(namePlateFontPt("x".repeat(500))).toBe(MIN_NAME_PT);
  });

  it("counts a Hangul syllable as a full em and Latin letters as less", () => {
    expect(nameEms("홍길동")).toBe(3);
    expect(nameEms("Kim")).toBeLessThan(3);
    expect(namePlateFontPt("가나다라마바사아자차카타")).toBeLessThan(namePlateFontPt("Kim Minsu Lee"));
  });

  it("spaces out names written in Hangul or Han characters only", () => {
    expect(isSpacedName("홍길동")).toBe(true);
    expect(isSpacedName("南宮 民")).toBe(true);
    expect(isSpacedName("Kim Minsu")).toBe(false);
    expect(isSpacedName("김 Kim")).toBe(false);
  });
});
