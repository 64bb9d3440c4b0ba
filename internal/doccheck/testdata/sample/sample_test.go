package sample

func BadButInATestFile() {}
