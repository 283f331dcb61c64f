library(testthat)
library(recist)
test_check("recist")
