/// Every piece of the program's own wording a user meets in an interview, its record or its letter.
/// The words themselves are in the catalogue's tables, one per language.
package enum Phrase: String, Sendable, CaseIterable {
    // Answers and statuses
    case yes, no, unknown, none, acknowledged, leftBlank, done, notDone, notApplicable, toDo
    case notYet, onceDone, continuePastFirstContact
    case outcome21NotApplicable, outcome21Pending, outcome21Proposed, outcome21NotDecided
    // The determination
    case determination, classification, outcome21, reasons, actions, standingRules, stillToEstablish, nothing
    // Refused answers
    case answerYesNo, answerNumberFrom, orUForUnknown, notAChoiceList, singleLine, wholeNumberAnswer, dateTimeAnswer
    case inFuture, interviewEnded, answerChecklist, monthAgo, reachedEnd, answerNeeded, ifNotKnownUnknown
    case unknownNotOffered, notOneOfChoices, choiceTwice, chooseOne, needsText, hiddenCharacter, numberBetween, numberAtLeast
    case numberAtMost, giveReason, interviewFinished, firstScreen, notReachedEnd
    case peopleFields, peopleName, peopleAge, peopleRole, peopleSuspect, peopleVictim, peopleNone, peopleHint
    case reviewSignsAgreed, reviewSignsDisagreed, reviewSignsOther
    // The full screen
    case tooSmall, enlargeTo, itIsNow, review, stepOf
    case footerHelp, footerQuit, footerFinish, footerReason, footerReview, footerYesNo, footerChoose, footerTick
    case footerInfo, footerEnd, footerMultiLine, footerTyped, footerLanguage
    case guidance, noGuidance, source, filledFrom, pressEnterRead, moreBelow
    case wholeNumber, atLeast, atMost, and, dateTimeHint, multiLineHint, oneLineHint, mayBeBlank, typeUnknown
    case reasonGiven, earlierText, reviewTitle, reviewUnknownOnly, reviewAll, noneUnknown, noAnswersYet, droppedAfter
    case quitTitle, quitKept, quitNothingKept, finishTitle, finishWarning, whyNotDone, pasteRefused, notSavedRefused
    case pressEnterAgain, nothingChosenYesNo, nothingChosenChecklist, nothingChosenList, nowInLanguage, draftTranslation
    case languageUnavailable
    // The line-by-line front
    case plainLegend, plainQuitKept, plainQuitLater, plainQuitPrompt, plainCarryingOn, plainReviewPick, plainNotSaved
    case plainKeeps, plainKeepsBelow, plainCurrentAnswer, plainFrom, plainYesNo, plainSeveral, plainUnknownOption
    case plainOneLine, plainEmptyLeavesBlank, plainMultiLine, plainDotLeavesBlank, plainUnknownKey, plainPressEnter
    case plainChecklist, plainFinishOrReview, plainFinishHint, plainKeepIt, plainReasonPrompt, plainReasonNeeded
    case plainReviewTitle, plainStillUnknown, plainReviewHow, plainLanguageKey, plainSignPrompt, plainNotSigned
    // The record
    case recordTitle
    case answers, answer, given, fromKept, fromWhichSaid, changes, droppedFromPath, since, earlierUnreadable
    case notAnswered, noLongerOnPath, givenAt, noAnswerChanged, draft, draftNotForFamily, notYetRecorded
    case contact, detailsChecked, conclusion, reviewSource
    // What the command line says as an interview ends
    case recordSaved, stoppedBeforeEnd, endedBySignal, inputEndedFirst, answersKeptIn, continueWith
    // Setting up a signing key as an interview starts
    case keyMissing, keyCreateWith, keyCreateNow, keyYourName, keyYourCollar, keyYourForce, keyNeeded, keyNotCreated
    case keyCreated, keyUnusable
    // Resuming, following up and reviewing, outside the interview's screens
    case resumeTitle, resumeOpenElsewhere, resumeContinueWith, resumePick, resumeNotANumber, resumeNone, resumeContinuing
    case resumeAlreadyFinished, resumeEmptyRemoved, followingUp, startingFrom, startingFilled, startingLeft
    case resumePickOnly, resumeNeedChoice, resumeStale, resumeDiscarded, resumeKept, daysAgo
    case listBy, listStarted, listLastAnswer, listNoAnswers, listStep, listTraining, trainingMark
    case nextToDo, moreToDo, seeWholeRecord, changeBefore, changeAfter, keyTypedAhead, keyDoesNothing
    case reviewContinuingOne, reviewContinuing, reviewNotFinished, reviewAdded, reviewWrittenBack, reviewCopyDiffers
    case reviewWriteBackFailed, reviewNotSaved, recordNotSaved, followedUpAlready, storeRefused, storeLater, languageNotShown
    // The family's letter
    case letterFor, letterForValue, letterDate, letterCrimeRecorded, letterCrimeReference, letterForce, letterOfficer
    case letterContact, letterAgreed, letterQuestions, letterQuestionsText, letterReference, letterTraining
    case letterAsRecorded, letterToBeGiven, letterReviewDate, letterCollar, letterOfficerInRecord, letterForceInRecord
    // The keys every question screen shares (issue 35, item 4)
    case footerCommon, footerLeave
    // A teaching scenario run as an interview (issue 35, item 6)
    case scenarioIsTraining
    // The family's letter that fits each child (issue 36, item 4)
    case letterTitleDecision, letterTitleNext, letterHappenedHeading, letterHappenedRecorded, letterHappenedAffected
    case letterDecidedHeading, letterMeaningHeading, letterMeaning, letterAffectedDecided, letterNextDecided, letterNextDevices
    case letterDoNowHeading, letterDoDelete, letterDoNextImages, letterDoRemove, letterDoTalk, letterSupportHeading
    case letterLanguageChoice
    // The records folder keeps the newest signed copy (issue 36, item 1)
    case newerCopyKept
    // `intake records` at 80 columns, in the user's language (issue 34, item 4)
    case listHeadId, listHeadAge, listHeadState, listHeadNext, listNoMatch
    case listStateSuperseded, listStateAwaiting, listStateAgreed, listStateDisagreed, listStatePending
    case listStateNotVerified, listStateNotApproved, listStateTraining
    case listNextSee, listNextReview, listNextLetter, listNextFollowUp, listNextToDo, listNextVerify
    case listListedOne, listListedMany, listAllVerified, listSomeNotVerified
    // What `intake keys init` and `keys show` say (issue 34, item 4: keys in the user's language).
    case keysCreated, keysUsingExisting, keysThroughAgent, keysFingerprint, keysReadAloudCheck, keysSigner
    case keysTrustedIn, keysShowFingerprint, keysReadAloud
    // A group of yes/no/unknown questions shown as one page (issue 35, item 3).
    case groupAnsweredAbove, groupUnknown
}
