"""The ranges of the database's integer columns, for every field a stranger can fill.

A number outside them would reach PostgreSQL and fail there (an OverflowError or a
DataError, a 500); forms, serializers and filters refuse it first with a field error.
"""

SMALL_INT_MAX = 32_767  # PositiveSmallIntegerField
INT_MAX = 2_147_483_647  # IntegerField and the ids of AutoField
BIG_INT_MAX = 9_223_372_036_854_775_807  # BigIntegerField and BigAutoField ids
